package dev.vortex.spring.boot.it;

import static org.awaitility.Awaitility.await;

import dev.vortex.compat.SecuredVortex;
import dev.vortex.compat.VortexProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Vortex server for the starter's tests: the packaged jar in its own JVM, serving a native directory that the
 * tests edit.
 */
final class VortexServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path repo;
    private final VortexProcess process;
    /** The directory of the settings file of a secured server, null otherwise. */
    private final Path settings;

    private VortexServer(Path repo, VortexProcess process, Path settings) {
        this.repo = repo;
        this.process = process;
        this.settings = settings;
    }

    /** Starts Vortex on a free port over {@code repo} (created when missing). */
    static VortexServer start(Path repo) throws Exception {
        return start(0, repo);
    }

    /** Starts Vortex on {@code port} (0: a free one) over {@code repo} (created when missing). */
    static VortexServer start(int port, Path repo) throws Exception {
        Files.createDirectories(repo);
        return new VortexServer(repo, VortexProcess.start(port, Map.of(), "--native", repo.toString()), null);
    }

    /**
     * Starts Vortex on a free port over {@code repo} with security on: the settings file of {@link SecuredVortex} (an
     * API key, the Basic user alice, HS256 JWTs, all reading {@code orders:*:*}).
     */
    static VortexServer startSecured(Path repo) throws Exception {
        Files.createDirectories(repo);
        Path settings = repo.resolveSibling(repo.getFileName() + "-settings");
        List<String> args = new ArrayList<>(List.of("--native", repo.toString()));
        args.addAll(SecuredVortex.serveArgs(settings));
        return new VortexServer(repo, VortexProcess.start(0, Map.of(), args.toArray(String[]::new)), settings);
    }

    int port() {
        return process.port();
    }

    String url() {
        return process.url();
    }

    /** Writes {@code content} to {@code file} in the served directory, as an editor would. */
    void write(String file, String content) {
        try {
            Files.writeString(repo.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rotates the HS256 secret of a {@link #startSecured secured} server ({@link SecuredVortex#rotateJwtSecret}) and
     * waits until the server has reloaded its settings file, which it polls every 5 s: by then the connections of
     * tokens signed with the old secret are closed (1008), and only {@link SecuredVortex#rotatedJwt} tokens are
     * accepted.
     */
    void rotateJwtSecret() throws IOException {
        long reloadsBefore = reloads();
        SecuredVortex.rotateJwtSecret(settings);
        await().atMost(Duration.ofSeconds(30)).until(() -> reloads() > reloadsBefore);
    }

    /** How often the server said it reloaded its security settings (one log line each). */
    private long reloads() {
        return process.output()
                .lines()
                .filter(line -> line.contains("security settings reloaded from"))
                .count();
    }

    /** The WebSocket connections the server holds now (its {@code vortex_ws_connections_active} meter). */
    int activeConnections() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body()
                .lines()
                .filter(line -> line.startsWith("vortex_ws_connections_active"))
                .mapToInt(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Stops the server (SIGTERM, as an operator would). */
    @Override
    public void close() {
        process.close();
    }

    /** A URL where nothing listens: a port that was free a moment ago. */
    static String unreachableUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}

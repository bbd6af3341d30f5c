package dev.vortex.bench;

import dev.vortex.server.ServerSettings;
import dev.vortex.server.VortexServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The server under test: one this process starts (on 127.0.0.1, a free port, over a temporary native
 * directory holding the {@link SampleRepository}), or another process named by {@code --url}.
 *
 * <p>Control calls (warm-up GETs, {@code DELETE /cache}) go through the JDK's blocking HTTP client: they are
 * few, and never on the load generator's event loops.
 */
final class BenchTarget implements AutoCloseable {
    private final String host;
    private final int port;
    private final VortexServer server;
    private final SampleRepository repository;
    private final Path temporaryDirectory;
    private Map<String, String> headers = Map.of();
    private final HttpClient control =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BenchTarget(
            String host, int port, VortexServer server, SampleRepository repository, Path temporaryDirectory) {
        this.host = host;
        this.port = port;
        this.server = server;
        this.repository = repository;
        this.temporaryDirectory = temporaryDirectory;
    }

    /**
     * The server to benchmark.
     *
     * @param url {@code ws://host:port} or {@code http://host:port} of a running server, or {@code null} to
     *     start one in this process
     * @param nativeDir the directory an external server serves, where changes are written; {@code null} when
     *     the benchmark makes no changes or the server is in-process
     * @param profiles how many {@code bench-pN.yml} files to write
     */
    static BenchTarget open(String url, Path nativeDir, int profiles) {
        if (url == null) {
            return inProcess(profiles);
        }
        URI uri = URI.create(url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("--url must look like ws://host:port, was " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ServerSettings.DEFAULT_PORT;
        SampleRepository repository = null;
        if (nativeDir != null) {
            repository = new SampleRepository(nativeDir);
            repository.writeAll(profiles);
        }
        return new BenchTarget(uri.getHost(), port, null, repository, null);
    }

    private static BenchTarget inProcess(int profiles) {
        try {
            Path directory = Files.createTempDirectory("vortex-bench-");
            SampleRepository repository = new SampleRepository(directory);
            repository.writeAll(profiles);
            VortexServer server = VortexServer.start(ServerSettings.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .nativeLocations(List.of(directory))
                    // Changes are announced by refreshNow(); the periodic scan would only add noise.
                    .nativeRefreshInterval(Duration.ofHours(1))
                    .shutdownTimeout(Duration.ofSeconds(5))
                    .build());
            return new BenchTarget("127.0.0.1", server.port(), server, repository, directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary config directory: " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code extra} with every control request, and hands it to the load generator's clients through
     * {@link #headers()}: credentials for a server with security on.
     */
    BenchTarget withHeaders(Map<String, String> extra) {
        this.headers = Map.copyOf(extra);
        return this;
    }

    /** The headers every request and handshake to the server carries. */
    Map<String, String> headers() {
        return headers;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path));
        headers.forEach(request::header);
        return request;
    }

    boolean inProcess() {
        return server != null;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String describe() {
        return inProcess()
                ? "in-process server on " + host + ":" + port + " over " + repository.directory()
                : "external server at " + host + ":" + port
                        + (repository != null ? ", changes written to " + repository.directory() : "");
    }

    /** Whether changes can be made: always in-process, with {@code --native-dir} for an external server. */
    boolean canChange() {
        return repository != null;
    }

    /**
     * Makes change number {@code sequence} and has the server notice it: in-process, a file rewrite and
     * {@link VortexServer#refreshNow()}; external, a file rewrite and {@code DELETE /cache/...}.
     *
     * @param onlyFirstKey whether only {@code bench:p0} is followed, so that dropping that key suffices;
     *     otherwise the whole cache is dropped (a pattern may follow keys the server discovered itself)
     */
    void change(long sequence, boolean onlyFirstKey) {
        repository.writeChange(sequence);
        if (server != null) {
            server.refreshNow();
        } else if (onlyFirstKey) {
            send("DELETE", "/cache/" + SampleRepository.APPLICATION + "/" + SampleRepository.profile(0));
        } else {
            send("DELETE", "/cache");
        }
    }

    /** The sum of the samples of a meter of the server's {@code /actuator/prometheus}; 0 when absent. */
    double metric(String name) {
        HttpRequest request =
                request("/actuator/prometheus").timeout(Duration.ofSeconds(10)).build();
        try {
            double sum = 0;
            for (String line : control.send(request, HttpResponse.BodyHandlers.ofString())
                    .body()
                    .split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new IllegalStateException("GET /actuator/prometheus failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Writes {@code application}'s large config at {@code sequence} (see {@link SampleRepository#writeLarge})
     * and has the server notice it: in-process by a refresh, external by {@code DELETE /cache/APP/default}.
     */
    void changeLarge(String application, long sequence, int bytes) {
        repository.writeLarge(application, sequence, bytes);
        if (server != null) {
            server.refreshNow();
        } else {
            send("DELETE", "/cache/" + application + "/default");
        }
    }

    /** A GET; returns the status. */
    int get(String path) {
        return send("GET", path);
    }

    private int send(String method, String path) {
        HttpRequest request = request(path)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            return control.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (temporaryDirectory != null) {
            try (Stream<Path> files = Files.walk(temporaryDirectory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary directory is harmless.
            }
        }
    }
}

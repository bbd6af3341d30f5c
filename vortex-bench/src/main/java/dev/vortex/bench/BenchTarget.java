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
    private static final org.eclipse.jgit.lib.PersonIdent AUTHOR =
            new org.eclipse.jgit.lib.PersonIdent("vortex-bench", "bench@vortex.invalid");

    private final String host;
    private final int port;
    /** The in-process instances: none for an external server, the first one is the one that detects changes. */
    private final List<VortexServer> servers;

    private final SampleRepository repository;
    private final Path temporaryDirectory;
    /** For a cluster: the Git repository the instances clone, where each change is committed. */
    private final Path gitRemote;
    /** For a cluster: the backplane's address and stream, removed from Redis on close. */
    private final String backplane;

    private final String stream;
    private Map<String, String> headers = Map.of();
    private final HttpClient control =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BenchTarget(
            String host,
            int port,
            List<VortexServer> servers,
            SampleRepository repository,
            Path temporaryDirectory,
            Path gitRemote,
            String backplane,
            String stream) {
        this.host = host;
        this.port = port;
        this.servers = List.copyOf(servers);
        this.repository = repository;
        this.temporaryDirectory = temporaryDirectory;
        this.gitRemote = gitRemote;
        this.backplane = backplane;
        this.stream = stream;
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
        return new BenchTarget(uri.getHost(), port, List.of(), repository, null, null, null, null);
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
            return new BenchTarget(
                    "127.0.0.1", server.port(), List.of(server), repository, directory, null, null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary config directory: " + e.getMessage(), e);
        }
    }

    /**
     * {@code instances} in-process servers behind one (imaginary) load balancer: each clones one Git repository
     * (in a temporary directory) and they share {@code backplane} on a stream of this run's own. Only the first
     * detects changes (its refresh is called; nobody polls): the others learn of each change through the
     * backplane and fetch it from the repository, as instances that do not poll do.
     *
     * @param backplane the Redis address, {@code redis://host:port}
     */
    static BenchTarget cluster(int instances, String backplane, int profiles) {
        String stream = "vortex-bench:" + java.util.UUID.randomUUID();
        List<VortexServer> servers = new java.util.ArrayList<>();
        Path directory = null;
        try {
            directory = Files.createTempDirectory("vortex-bench-cluster-");
            Path remote = directory.resolve("remote");
            SampleRepository repository = new SampleRepository(Files.createDirectories(remote));
            repository.writeAll(profiles);
            commit(remote, "sample repository");
            for (int i = 0; i < instances; i++) {
                servers.add(VortexServer.start(ServerSettings.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .gitUri(remote.toUri().toString())
                        .gitBasedir(directory.resolve("clone-" + i))
                        .gitRefreshInterval(Duration.ofHours(1))
                        .backplane(backplane)
                        .backplaneStream(stream)
                        .shutdownTimeout(Duration.ofSeconds(5))
                        .build()));
            }
            return new BenchTarget(
                    "127.0.0.1", servers.get(0).port(), servers, repository, directory, remote, backplane, stream);
        } catch (IOException | RuntimeException e) {
            servers.forEach(VortexServer::close);
            throw new IllegalStateException("cannot start " + instances + " instances: " + e.getMessage(), e);
        }
    }

    private static void commit(Path repository, String message) {
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init()
                .setDirectory(repository.toFile())
                .setInitialBranch("main")
                .call()) {
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage(message)
                    .setAuthor(AUTHOR)
                    .setCommitter(AUTHOR)
                    .setSign(false)
                    .call();
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IllegalStateException("cannot commit to " + repository + ": " + e.getMessage(), e);
        }
    }

    /** The ports of every instance, the first one's first; one port for a single server. */
    int[] ports() {
        return servers.isEmpty()
                ? new int[] {port}
                : servers.stream().mapToInt(VortexServer::port).toArray();
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
        return !servers.isEmpty();
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String describe() {
        if (gitRemote != null) {
            return servers.size() + " in-process instance(s) on ports " + java.util.Arrays.toString(ports())
                    + ", each with its own clone of " + gitRemote + ", backplane " + backplane + " stream " + stream
                    + "; changes committed there and detected by the first instance only";
        }
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
        if (gitRemote != null) {
            commit(gitRemote, "change " + sequence);
        }
        if (inProcess()) {
            servers.get(0).refreshNow();
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
        if (gitRemote != null) {
            commit(gitRemote, "large " + application + " " + sequence);
        }
        if (inProcess()) {
            servers.get(0).refreshNow();
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

    /** This run's stream, so that the shared Redis does not keep it (the shared configs expire by themselves). */
    private void removeStream() {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.redis.client.Redis.createClient(vertx, backplane)
                    .send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.DEL)
                            .arg(stream))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // The stream is capped (MAXLEN); a leftover one is small.
        } finally {
            vertx.close();
        }
    }

    @Override
    public void close() {
        servers.forEach(VortexServer::close);
        if (stream != null) {
            removeStream();
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

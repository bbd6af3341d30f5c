package dev.vortex.server.realtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import dev.vortex.core.shape.ConfigShapes;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.TestCertificates;
import dev.vortex.server.TestClient;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import dev.vortex.server.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Vortex server on a free port over a native directory, with real HTTP and WebSocket clients. Tests
 * drive refreshes with {@link #refresh()} (the native refresh interval is an hour unless set).
 *
 * <p>Two ways to use it: {@link #start(Path, UnaryOperator)} when a test starts the server itself (with its
 * own settings, or more than one), or, for a class whose tests all start alike, as a JUnit extension that
 * owns the whole set-up: {@code @RegisterExtension final RealtimeFixture fixture = RealtimeFixture.perTest(
 * RealtimeFixture::writeSampleRepository);} makes a repository in a fresh temporary directory, starts the
 * server and writes the files before each test, and closes everything and deletes the directory after it.
 * For a class whose tests each pick their own settings, {@link #startedByEachTest(Consumer)} makes the directory
 * before each test but leaves the start to the test ({@link #startServer(UnaryOperator)}).
 */
public final class RealtimeFixture implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The {@code orders.yml} of {@link #writeSampleRepository()}. */
    public static final String SAMPLE_ORDERS = RealtimeProtocolTest.ORDERS;

    /** Set when the server starts: at construction, or by {@link #startServer} for {@link #startedByEachTest}. */
    private UnaryOperator<ServerSettings.Builder> settings;
    /** Whether each test starts the server itself ({@link #startedByEachTest}). */
    private final boolean startedByTheTest;

    private final Consumer<RealtimeFixture> files;
    private final java.time.Clock clock;
    private final List<WsTestClient> clients = new ArrayList<>();
    /** The temporary directory this fixture made (and deletes), or {@code null} when the test gave one. */
    private Path workDir;

    private Path repo;
    private VortexServer server;
    private Vertx clientVertx;
    private TestClient http;

    private RealtimeFixture(
            UnaryOperator<ServerSettings.Builder> settings, Consumer<RealtimeFixture> files, java.time.Clock clock) {
        this.settings = settings;
        this.startedByTheTest = settings == null;
        this.files = files;
        this.clock = clock;
    }

    /** Starts a server over {@code repo} with default settings, changed by {@code settings}. */
    public static RealtimeFixture start(Path repo, UnaryOperator<ServerSettings.Builder> settings) {
        return start(repo, settings, java.time.Clock.systemUTC());
    }

    /** Like {@link #start(Path, UnaryOperator)}, with the clock the server reads (a test's {@link MutableClock}). */
    public static RealtimeFixture start(
            Path repo, UnaryOperator<ServerSettings.Builder> settings, java.time.Clock clock) {
        RealtimeFixture fixture = new RealtimeFixture(settings, started -> {}, clock);
        fixture.startOver(repo);
        return fixture;
    }

    /**
     * A fixture that starts before each test and closes after it, when registered with
     * {@code @RegisterExtension}: default settings changed by {@code settings}, then {@code files} written.
     */
    public static RealtimeFixture perTest(
            UnaryOperator<ServerSettings.Builder> settings, Consumer<RealtimeFixture> files) {
        return new RealtimeFixture(settings, files, java.time.Clock.systemUTC());
    }

    /**
     * Like {@link #perTest(UnaryOperator, Consumer)}, with the clock the server reads: a fixed clock keeps the
     * directory watcher's debounce from ever firing, for tests that decide themselves when the server sees an edit.
     */
    public static RealtimeFixture perTest(
            UnaryOperator<ServerSettings.Builder> settings, java.time.Clock clock, Consumer<RealtimeFixture> files) {
        return new RealtimeFixture(settings, files, clock);
    }

    /** Like {@link #perTest(UnaryOperator, Consumer)}, with default settings. */
    public static RealtimeFixture perTest(Consumer<RealtimeFixture> files) {
        return perTest(builder -> builder, files);
    }

    /**
     * A fixture registered with {@code @RegisterExtension} for a class whose tests each start the server with
     * their own settings: before each test it makes a fresh temporary directory and starts nothing; the test
     * calls {@link #startServer(UnaryOperator)}, which starts the server and writes {@code files}; after the
     * test everything is closed and the directory deleted, as with {@link #perTest(UnaryOperator, Consumer)}.
     */
    public static RealtimeFixture startedByEachTest(Consumer<RealtimeFixture> files) {
        return new RealtimeFixture(null, files, java.time.Clock.systemUTC());
    }

    /**
     * Starts the server of a {@link #startedByEachTest} fixture with default settings changed by {@code settings},
     * then writes its files.
     */
    public void startServer(UnaryOperator<ServerSettings.Builder> settings) {
        if (!startedByTheTest) {
            throw new IllegalStateException("startServer is for a startedByEachTest fixture; this one starts itself");
        }
        if (repo == null) {
            throw new IllegalStateException(
                    "no directory yet: register the fixture with @RegisterExtension, which makes one before each test");
        }
        if (this.settings != null) {
            throw new IllegalStateException("this test has already started the server");
        }
        this.settings = settings;
        startOver(repo);
    }

    private void startOver(Path directory) {
        this.repo = directory;
        this.server = VortexServer.start(
                settings.apply(TestServers.nativeSettings(directory)).build(), clock);
        this.clientVertx = Vertx.vertx();
        this.http = server.settings()
                .tls()
                .map(tls -> new TestClient(server.port(), TestCertificates.trusting(tls.certificate())))
                .orElseGet(() -> new TestClient(server.port()));
        files.accept(this);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        workDir = Files.createTempDirectory("vortex-realtime-");
        repo = Files.createDirectories(workDir.resolve("config"));
        if (!startedByTheTest) {
            startOver(repo);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (server != null) {
                close();
            }
        } finally {
            if (startedByTheTest) {
                settings = null;
                server = null;
            }
            try (Stream<Path> paths = Files.walk(workDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    public static RealtimeFixture start(Path repo) {
        return start(repo, builder -> builder);
    }

    /** The directory the server serves; {@link #write} puts files into it. */
    public Path repo() {
        return repo;
    }

    public VortexServer server() {
        return server;
    }

    public TestClient http() {
        return http;
    }

    public Vertx clientVertx() {
        return clientVertx;
    }

    /** Connects a WebSocket client to {@code path}; closed with the fixture. */
    public WsTestClient connect(String path) {
        WsTestClient client = WsTestClient.connect(clientVertx, server.port(), path);
        clients.add(client);
        return client;
    }

    /**
     * Connects a WebSocket client whose upgrade request carries extra {@code headers}, given as name, value pairs;
     * closed with the fixture.
     */
    public WsTestClient connectWithHeaders(String path, String... headers) {
        WsTestClient client = WsTestClient.connect(clientVertx, server.port(), path, options -> options, headers);
        clients.add(client);
        return client;
    }

    /** Connects a WebSocket client with client options changed by {@code options}; closed with the fixture. */
    public WsTestClient connect(String path, UnaryOperator<WebSocketClientOptions> options) {
        WsTestClient client = WsTestClient.connect(clientVertx, server.port(), path, options);
        clients.add(client);
        return client;
    }

    /**
     * The sum of the samples of a meter at {@code /actuator/prometheus}: {@code name} is the exposition name
     * (e.g. {@code vortex_ws_lagged_total}), {@code labels} a substring the sample's labels must contain
     * (e.g. {@code type="config_change"}), or empty for any.
     */
    public double metric(String name, String labels) {
        double sum = 0;
        for (String line : http.get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int value = line.lastIndexOf(' ');
            String series = line.substring(0, Math.max(0, value));
            String seriesName = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            if (seriesName.equals(name) && series.contains(labels)) {
                sum += Double.parseDouble(line.substring(value + 1));
            }
        }
        return sum;
    }

    /** Writes the repository most tests share: {@code application.yml}, {@code orders.yml}, {@code billing.yml}. */
    public void writeSampleRepository() {
        write("application.yml", "shared: 1\n");
        write("orders.yml", SAMPLE_ORDERS);
        write("billing.yml", "billing:\n  provider: stripe\n");
    }

    /**
     * Writes a file of the repository atomically (a temporary file outside it, then a rename): the server
     * watches the directory, and a file caught half written would be served, and pushed, as it was.
     */
    public void write(String relativePath, String content) {
        write(repo, relativePath, content);
    }

    /** {@link #write(String, String)} into any repository directory, for tests that restart servers. */
    public static void write(Path repo, String relativePath, String content) {
        try {
            Path file = repo.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(repo.getParent(), ".vortex-write-", ".tmp");
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the server notice file edits now (as its directory scan or watcher would). */
    public void refresh() {
        server.refreshNow();
    }

    /**
     * The merged flat config that HTTP serves for the path ({@code /app/profile[/label]}), sorted by key: its
     * Environment JSON, see {@link #flatConfigOf}.
     */
    public ObjectNode httpFlatConfig(String path) {
        return flatConfigOf(http.getJson(path));
    }

    /**
     * The flat config of an Environment JSON document: its property sources merged as the server merges them
     * ({@link Environment#mergedProperties()}: key by key, lists whole from the highest source), sorted by key.
     */
    public static ObjectNode flatConfigOf(JsonNode environmentJson) {
        List<PropertySource> sources = new ArrayList<>();
        for (JsonNode source : environmentJson.get("propertySources")) {
            Map<String, Object> values = JSON.convertValue(source.get("source"), new TypeReference<>() {});
            sources.add(new PropertySource(source.get("name").asText(), values));
        }
        Environment environment =
                new Environment(environmentJson.get("name").asText(), List.of(), null, null, null, sources);
        return ConfigShapes.flat(environment.mergedProperties());
    }

    /** Closes the clients and the server; tolerates a server a test already closed. */
    @Override
    public void close() {
        clients.forEach(WsTestClient::close);
        server.close();
        clientVertx.close();
    }
}

package dev.vortex.server.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.HeadlessChromium;
import dev.vortex.server.TestCertificates;
import dev.vortex.server.realtime.RealtimeFixture;
import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.security.TlsSettings;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real WebSocket clients against the real server, each through {@link InteropScenario} (snapshot, change,
 * pattern subscription, JSON pong after a JSON ping, resync, three heartbeats): headless Chromium, Node's
 * {@code ws}, Python's {@code websockets}, the JDK's client and Vert.x's, with their default options, so that
 * those which offer {@code permessage-deflate} get it; Python's and Vert.x's also over {@code wss://}, with a
 * self-signed certificate made in the test. A client missing from this machine is skipped with the
 * reason ({@code .ci/run} installs Chromium and Python's {@code websockets}; Node's {@code ws} comes from npm
 * into {@code target/}).
 */
class InteropMatrixTest {
    /** Short, so that three heartbeats fit in a few seconds. */
    private static final Duration PING_INTERVAL = Duration.ofMillis(700);

    private static final String PATH = "/ws/orders/prod";

    @TempDir
    Path repo;

    @TempDir
    Path certificates;

    private RealtimeFixture fixture;

    @BeforeEach
    void start() {
        start(null);
    }

    private void start(TlsSettings tls) {
        fixture = RealtimeFixture.start(repo, builder -> builder.tls(tls)
                .realtime(RealtimeSettings.builder()
                        .pingInterval(PING_INTERVAL)
                        .pongTimeout(Duration.ofSeconds(10))
                        .build()));
        fixture.writeSampleRepository();
    }

    /** Starts the server again with a self-signed certificate, for wss:// (the server has only https then). */
    private TestCertificates restartWithTls() {
        fixture.close();
        TestCertificates certificate = TestCertificates.ec(certificates, "vortex");
        start(new TlsSettings(certificate.certificate(), certificate.key(), TlsSettings.DEFAULT_RELOAD_INTERVAL));
        return certificate;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private String url() {
        return (fixture.server().settings().tls().isPresent() ? "wss" : "ws") + "://127.0.0.1:"
                + fixture.server().port() + PATH;
    }

    /** Runs the scenario, then checks how compression went and that the server closed nothing. */
    private void runScenario(InteropClient client, boolean offersCompression) {
        double inflatedBefore = fixture.metric("vortex_ws_messages_inflated_total", "");
        InteropScenario.run(fixture, client);

        await().atMost(InteropClient.TIMEOUT).until(() -> client.extensions() != null);
        if (offersCompression) {
            assertThat(client.extensions()).startsWith("permessage-deflate").contains("client_no_context_takeover");
            assertThat(fixture.metric("vortex_ws_messages_inflated_total", "") - inflatedBefore)
                    .as("%s's compressed messages were read", client)
                    .isPositive();
        } else {
            assertThat(client.extensions()).isEmpty();
        }
        assertThat(fixture.metric("vortex_ws_protocol_errors_total", "")).isZero();
        assertThat(fixture.metric("vortex_ws_connections_total", ""))
                .as("no reconnect")
                .isEqualTo(1.0);
    }

    @Test
    void chromium_aPageOfItsOwn_withPermessageDeflate() {
        Path chromium = HeadlessChromium.find().orElse(null);
        Assumptions.assumeTrue(
                chromium != null, "no Chromium on this machine (apt-get install chromium, or set VORTEX_CHROMIUM)");
        try (HeadlessChromium browser = HeadlessChromium.start(chromium);
                ChromiumPageClient client = new ChromiumPageClient(
                        browser, "http://127.0.0.1:" + fixture.server().port() + "/actuator/health", url())) {
            runScenario(client, true);
        }
    }

    /** The live page answers each JSON ping with a JSON pong, which Chromium compresses. */
    @Test
    void chromium_theLivePage_staysConnectedAcrossManyHeartbeats() {
        Path chromium = HeadlessChromium.find().orElse(null);
        Assumptions.assumeTrue(
                chromium != null, "no Chromium on this machine (apt-get install chromium, or set VORTEX_CHROMIUM)");
        try (HeadlessChromium browser = HeadlessChromium.start(chromium)) {
            browser.navigate("http://127.0.0.1:" + fixture.server().port() + "/#orders/prod");
            // Null-safe: a first look can come before the page has loaded (an element missing is "not yet").
            String state = "document.getElementById('state')?.dataset.state ?? ''";
            String tree = "document.getElementById('tree')?.textContent ?? ''";
            await().atMost(InteropClient.TIMEOUT)
                    .until(() -> browser.evaluate(state).asText().equals("live"));

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> fixture.metric("vortex_ws_messages_sent_total", "type=\"ping\"") >= 10);
            fixture.write("orders.yml", InteropScenario.ORDERS_CHANGED);
            fixture.refresh();
            await().atMost(InteropClient.TIMEOUT)
                    .until(() -> browser.evaluate(tree).asText().contains("60"));

            assertThat(browser.evaluate(state).asText()).isEqualTo("live");
            assertThat(fixture.metric("vortex_ws_connections_total", ""))
                    .as("no reconnect")
                    .isEqualTo(1.0);
            assertThat(fixture.metric("vortex_ws_messages_inflated_total", ""))
                    .as("the page's compressed pongs were read")
                    .isGreaterThanOrEqualTo(10);
            assertThat(fixture.metric("vortex_ws_protocol_errors_total", "")).isZero();
        }
    }

    @Test
    void nodeWs_withDefaultOptions() throws Exception {
        Path node = nodeClientDirectory();
        try (BridgedProcessClient client =
                BridgedProcessClient.start("Node ws", node, List.of("node", "bridge.js", url()))) {
            runScenario(client, true);
        }
    }

    @Test
    void pythonWebsockets_withDefaultOptions() throws Exception {
        Path python = pythonWithWebsockets();
        Path script = copyResources("python", List.of("bridge.py"));
        try (BridgedProcessClient client = BridgedProcessClient.start(
                "Python websockets", script, List.of(python.toString(), "bridge.py", url()))) {
            runScenario(client, true);
        }
    }

    /** Over TLS: Python's ssl module trusts the test's certificate through {@code SSL_CERT_FILE}. */
    @Test
    void pythonWebsockets_overWss_withPermessageDeflate() throws Exception {
        Path python = pythonWithWebsockets();
        TestCertificates certificate = restartWithTls();
        Path script = copyResources("python", List.of("bridge.py"));
        try (BridgedProcessClient client = BridgedProcessClient.start(
                "Python websockets (wss)",
                script,
                List.of(python.toString(), "bridge.py", url()),
                Map.of("SSL_CERT_FILE", certificate.certificate().toString()))) {
            runScenario(client, true);
        }
    }

    /**
     * Over TLS: frames compressed once for every client go through each connection's own TLS handler.
     *
     * <p>Vert.x 5.0.10's client closed the first TLS connection of a fresh Vert.x instance right after the handshake,
     * before sending its upgrade (its own {@code close_notify} came first, as {@code -Djavax.net.debug=ssl:alert}
     * shows), while later connections went through: one HTTPS request of the same Vert.x goes first.
     */
    @Test
    void vertx_withCompression_overWss() throws Exception {
        TestCertificates certificate = restartWithTls();
        PemTrustOptions trust =
                new PemTrustOptions().addCertPath(certificate.certificate().toString());
        HttpClientAgent https = fixture.clientVertx()
                .createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(trust));
        https.request(HttpMethod.GET, fixture.server().port(), "127.0.0.1", "/actuator/health")
                .compose(HttpClientRequest::send)
                .compose(HttpClientResponse::body)
                .toCompletionStage()
                .toCompletableFuture()
                .get(InteropClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        WebSocketClientOptions options = new WebSocketClientOptions()
                .setSsl(true)
                .setTrustOptions(trust)
                .setTryUsePerMessageCompression(true)
                .setCompressionAllowClientNoContext(true);
        try (VertxWebSocketClient client = VertxWebSocketClient.connect(
                "Vert.x (wss, compression)",
                fixture.clientVertx(),
                options,
                fixture.server().port(),
                PATH)) {
            runScenario(client, true);
        }
    }

    @Test
    void jdkHttpClientWebSocket() {
        try (JdkWebSocketClient client = new JdkWebSocketClient(url())) {
            runScenario(client, false);
        }
    }

    @Test
    void vertx_withCompression() throws Exception {
        WebSocketClientOptions options = new WebSocketClientOptions()
                .setTryUsePerMessageCompression(true)
                .setCompressionAllowClientNoContext(true);
        try (VertxWebSocketClient client = VertxWebSocketClient.connect(
                "Vert.x (compression)",
                fixture.clientVertx(),
                options,
                fixture.server().port(),
                PATH)) {
            runScenario(client, true);
        }
    }

    @Test
    void vertx_withoutCompression() throws Exception {
        try (VertxWebSocketClient client = VertxWebSocketClient.connect(
                "Vert.x",
                fixture.clientVertx(),
                new WebSocketClientOptions(),
                fixture.server().port(),
                PATH)) {
            runScenario(client, false);
        }
    }

    /**
     * What README documents: the server always asks for {@code client_no_context_takeover}, and Netty-based
     * clients (Vert.x) refuse it unless allowed, failing their own handshake.
     */
    @Test
    void vertx_withCompression_thatRefusesClientNoContextTakeover_failsItsOwnHandshake() {
        WebSocketClientOptions options = new WebSocketClientOptions().setTryUsePerMessageCompression(true);

        assertThatThrownBy(() -> VertxWebSocketClient.connect(
                        "Vert.x (compression, no client_no_context_takeover)",
                        fixture.clientVertx(),
                        options,
                        fixture.server().port(),
                        PATH))
                .hasStackTraceContaining("xtension");
    }

    /** Debian's Python with its {@code websockets}; skips the test where there is none. */
    private static Path pythonWithWebsockets() {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(
                Files.isExecutable(python) && succeeds(List.of(python.toString(), "-c", "import websockets")),
                "no Python websockets on this machine (apt-get install python3-websockets; /usr/bin/python3)");
        return python;
    }

    /** Installs Node's ws (package-lock.json) into target/, once; skips when node or npm cannot. */
    private static Path nodeClientDirectory() throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                succeeds(List.of("node", "--version")) && succeeds(List.of("npm", "--version")),
                "no node/npm on this machine");
        Path directory = copyResources("node", List.of("package.json", "package-lock.json", "bridge.js"));
        if (!Files.isDirectory(directory.resolve("node_modules/ws"))) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = install.waitFor(5, TimeUnit.MINUTES);
            Assumptions.assumeTrue(
                    done && install.exitValue() == 0, "npm ci of Node's ws failed (no registry?): " + output);
        }
        return directory;
    }

    /** Copies files of {@code src/test/resources/interop/<name>} to {@code target/interop-<name>}. */
    private static Path copyResources(String name, List<String> files) throws IOException {
        Path directory = Path.of("target", "interop-" + name).toAbsolutePath();
        Files.createDirectories(directory);
        for (String file : files) {
            try (InputStream in = InteropMatrixTest.class.getResourceAsStream("/interop/" + name + "/" + file)) {
                Files.copy(in, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return directory;
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

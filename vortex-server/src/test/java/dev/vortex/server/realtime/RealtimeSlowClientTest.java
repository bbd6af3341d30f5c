package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.core.patch.ConfigPatch;
import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that stops reading: the server must conflate (keep only the newest pending config per key) rather
 * than buffer every change, and the client must still converge once it reads again.
 *
 * <p>Each config is a few hundred KB and every change rewrites every value, so each frame is a large
 * snapshot and TCP backpressure builds within a few changes. The slow client is a {@link RawWebSocket} with
 * a small receive buffer that simply stops reading: a paused Vert.x client keeps reading frames into its own
 * inbound queue (some 40 frames of this size before it stops the TCP reads), which would hide what the
 * server does behind the client's buffering. Progress is observed through the server's own meters, never through time:
 * {@code vortex_ws_broadcast_latency_seconds_count} counts changes handed to the session, and
 * {@code vortex_ws_messages_sent_total} counts frames it actually wrote.
 */
class RealtimeSlowClientTest {
    private static final int ENTRIES = 1500;
    private static final String FILLER = "x".repeat(450);
    private static final String PATH = "/ws/big/default?shape=flat";
    private static final Duration CONVERGENCE = Duration.ofSeconds(20);
    /** Changes in a row that wrote no frame, after which the socket counts as backed up. */
    private static final int STALLED_CHANGES = 3;

    // The slow clients send nothing while changes pile up, which takes well over a minute on a loaded machine:
    // with the default 30 s ping interval and 10 s pong timeout the heartbeat rightly closed them mid-test.
    // Heartbeats are not what these tests are about (HeartbeatTest, RealtimeLifecycleTest).
    @RegisterExtension
    final RealtimeFixture fixture = RealtimeFixture.perTest(
            builder -> builder.realtime(
                    RealtimeSettings.builder().pingInterval(Duration.ofHours(1)).build()),
            started -> writeBig(started, 0));

    /** A config of {@link #ENTRIES} long values, all of which differ from those of every other generation. */
    private static void writeBig(RealtimeFixture fixture, int generation) {
        StringBuilder yaml = new StringBuilder(ENTRIES * (FILLER.length() + 20)).append("big:\n");
        for (int i = 0; i < ENTRIES; i++) {
            yaml.append("  k")
                    .append(i)
                    .append(": g")
                    .append(generation)
                    .append('-')
                    .append(FILLER)
                    .append('\n');
        }
        fixture.write("big.yml", yaml.toString());
    }

    /** A client that reads the first snapshot and then nothing until told. */
    private RawWebSocket slowClient(Follower follower) {
        RawWebSocket socket = RawWebSocket.open(fixture.server().port(), PATH, WsTestClient.TIMEOUT, 8 * 1024);
        assertThat(socket.status()).isEqualTo(101);
        follower.apply(socket.next());
        assertThat(follower.version).isNotNull();
        return socket;
    }

    /**
     * Reads and applies frames until the client holds what HTTP serves, then until the answer to a
     * {@code ping}: whatever the server had queued for the client (a {@code lagged}, a conflated change) was
     * written before that answer, so the client must still hold what HTTP serves after it.
     */
    private void readUntilConverged(RawWebSocket socket, Follower follower) {
        JsonNode expected = fixture.httpFlatConfig("/big/default");
        long deadline = System.nanoTime() + CONVERGENCE.toNanos();
        while (!expected.equals(follower.config)) {
            assertThat(System.nanoTime())
                    .as("client holds %s, HTTP serves %s", follower.config.path("big.k0"), expected.path("big.k0"))
                    .isLessThan(deadline);
            follower.apply(socket.next());
        }
        socket.sendText("{\"type\":\"ping\"}");
        while (follower.ofType("pong").isEmpty()) {
            follower.apply(socket.next());
        }
        assertThat(expected.equals(follower.config))
                .as(
                        "after the pong, client holds %s, HTTP serves %s",
                        follower.config.path("big.k0"), expected.path("big.k0"))
                .isTrue();
    }

    /**
     * What a client holds after applying what it read, checking the protocol's guarantees as
     * {@link WsTestClient} does; for the raw client, whose socket the test must be able to leave unread.
     */
    private static final class Follower {
        final List<JsonNode> messages = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        JsonNode config;
        String version;

        void apply(RawWebSocket.Frame frame) {
            if (frame.opcode() != RawWebSocket.TEXT) {
                return;
            }
            JsonNode message = TestClient.json(frame.text());
            messages.add(message);
            switch (message.get("type").asText()) {
                case "config_snapshot" -> {
                    config = message.get("config");
                    version = message.get("version").asText();
                }
                case "config_change" -> {
                    if (!message.get("old_version").asText().equals(version)) {
                        violations.add("change from " + message.get("old_version") + " but client holds " + version);
                        return;
                    }
                    config = ConfigPatch.apply(message.get("diff"), config);
                    version = message.get("new_version").asText();
                }
                default -> {}
            }
        }

        List<JsonNode> ofType(String type) {
            return messages.stream()
                    .filter(message -> message.get("type").asText().equals(type))
                    .toList();
        }
    }

    /** Changes handed to sessions so far (one per change with recipients). */
    private double broadcasts() {
        return fixture.metric("vortex_ws_broadcast_latency_seconds_count", "");
    }

    /** Config frames written to sockets so far. */
    private double configFramesSent() {
        return fixture.metric("vortex_ws_messages_sent_total", "type=\"config_snapshot\"")
                + fixture.metric("vortex_ws_messages_sent_total", "type=\"config_change\"");
    }

    /** Makes a change and waits until the server has handed it to the session. */
    private void changeAndAwaitDelivery(int generation) {
        double before = broadcasts();
        writeBig(fixture, generation);
        fixture.refresh();
        // Generous: each change re-resolves and diffs a 1,500-entry config, slow on a loaded machine.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> broadcasts() > before);
    }

    /**
     * Changes (generations 1, 2, ...) until no config frame has been written for {@link #STALLED_CHANGES}
     * changes in a row: the session then holds a pending change behind a full socket, which is backed up.
     *
     * @param sentBefore {@link #configFramesSent()} before the first change
     * @return the last generation written to the source
     */
    private int changeUntilWritesStall(double sentBefore) {
        int generation = 0;
        int stalled = 0;
        double sent = 0;
        while (stalled < STALLED_CHANGES) {
            assertThat(generation).as("backpressure never built").isLessThan(80);
            changeAndAwaitDelivery(++generation);
            double nowSent = configFramesSent() - sentBefore;
            stalled = nowSent == sent ? stalled + 1 : 0;
            sent = nowSent;
        }
        return generation;
    }

    private void awaitConvergence(WsTestClient client) {
        JsonNode expected = fixture.httpFlatConfig("/big/default");
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            client.drain(Duration.ofMillis(50));
            JsonNode held = client.config("big", "default", null);
            // Compared as a boolean: these configs are far too large for a readable failure message.
            assertThat(expected.equals(held))
                    .as("client holds %s, HTTP serves %s", held.path("big.k0"), expected.path("big.k0"))
                    .isTrue();
        });
    }

    @Test
    void slowClient_receivesLaggedAndAConflatedState_andConverges() {
        Follower follower = new Follower();
        try (RawWebSocket client = slowClient(follower)) {
            for (int generation = 1; generation <= 100; generation++) {
                changeAndAwaitDelivery(generation);
            }
            assertThat(configFramesSent())
                    .as("config frames written to a client that does not read")
                    .isLessThan(30);

            readUntilConverged(client, follower);

            List<JsonNode> lagged = follower.ofType("lagged");
            assertThat(lagged).isNotEmpty().allSatisfy(message -> {
                assertThat(message.get("app").asText()).isEqualTo("big");
                assertThat(message.get("skipped").asInt()).isPositive();
            });
            assertThat(follower.messages.size())
                    .as("frames received for 100 changes")
                    .isLessThan(30);
            assertThat(follower.violations).isEmpty();
            assertThat(fixture.metric("vortex_ws_lagged_total", "")).isPositive();
        }
    }

    @Test
    void aClientThatPingsButNeverReads_doesNotPilePongsUpOnTheServer() {
        Follower follower = new Follower();
        try (RawWebSocket client = slowClient(follower)) {
            // Backed up, not merely a few changes: the kernel's send buffer (autotuned up to 4 MB on loopback)
            // can absorb several of these changes, and a socket that is still writable rightly answers pings.
            changeUntilWritesStall(configFramesSent());
            byte[] payload = new byte[100];
            for (int i = 0; i < 2_000; i++) {
                client.sendFrame(true, RawWebSocket.PING, payload);
            }
            // The pings have been read (they count as signs of life) once the server answers a JSON ping.
            client.sendText("{\"type\":\"ping\"}");

            int pongs = 0;
            while (follower.ofType("pong").isEmpty()) {
                RawWebSocket.Frame frame = client.next();
                if (frame.opcode() == RawWebSocket.PONG) {
                    pongs++;
                }
                follower.apply(frame);
            }

            assertThat(pongs)
                    .as("pong frames queued for a client that was not reading")
                    .isLessThan(100);
            readUntilConverged(client, follower);
            assertThat(follower.violations).isEmpty();
        }
    }

    /**
     * Regression: a config that returned to the version the slow client already holds, while a newer one
     * was pending, left the pending one in place; the client was then sent a config the server no longer
     * serves and never converged.
     */
    @Test
    void slowClient_whoseConfigReturnsToWhatItHolds_endsWithThatConfig() {
        Follower follower = new Follower();
        try (RawWebSocket client = slowClient(follower)) {
            double sentBefore = configFramesSent();

            // The client holds (once it reads) exactly the last generation written.
            int generation = changeUntilWritesStall(sentBefore);
            double sent = configFramesSent() - sentBefore;
            assertThat(sent)
                    .as("every generation up to the stall was written in order, none conflated yet")
                    .isEqualTo(generation - STALLED_CHANGES);
            int held = (int) sent;
            changeAndAwaitDelivery(held);
            assertThat(configFramesSent() - sentBefore)
                    .as("the socket drained while the test assumed it backed up")
                    .isEqualTo(sent);

            readUntilConverged(client, follower);

            assertThat(follower.config.get("big.k0").asText()).startsWith("g" + held + "-");
            assertThat(follower.violations).isEmpty();
        }
    }

    @Test
    void aClientThatReadsNormally_isNeverLagged() {
        WsTestClient client = fixture.connect(
                PATH, options -> options.setMaxFrameSize(4 << 20).setMaxMessageSize(4 << 20));
        client.next("config_snapshot");
        for (int generation = 1; generation <= 5; generation++) {
            changeAndAwaitDelivery(generation);
            awaitConvergence(client);
        }
        assertThat(client.received())
                .noneMatch(message -> message.get("type").asText().equals("lagged"));
        assertThat(client.violations()).isEmpty();
    }
}

package dev.vortex.server.realtime;

import static dev.vortex.server.realtime.TestConfigs.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.server.realtime.protocol.Shape;
import dev.vortex.server.realtime.wire.Frame;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One change handed to every session of an event loop: the frames are looked up once per held version and
 * shape, and each session still gets the change from the version it holds.
 */
class ChangeFramesTest {
    @TempDir
    Path emptySource;

    private SessionHarness sessions;

    @BeforeEach
    void open() {
        sessions = new SessionHarness(RealtimeSettings.DEFAULTS, emptySource);
    }

    @AfterEach
    void close() {
        sessions.close();
    }

    private static Map<String, Object> orders(int maxItems) {
        return Map.of("orders.max-items", maxItems, "orders.description", "long enough for a patch to pay off");
    }

    @Test
    void from_theSameVersionAndShape_isTheSameFrame_andAnotherVersionGetsItsOwn() {
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(1));
        ResolvedConfig v2 = sessions.resolve(ORDERS, orders(2));
        ResolvedConfig v3 = sessions.resolve(ORDERS, orders(3));
        ChangeFrames change = ChangeFrames.towards(v3, sessions.history, sessions.frames);

        Frame fromV1 = change.from(holding(v1.version()), Shape.NESTED);

        assertThat(change.from(holding(new String(v1.version())), Shape.NESTED)).isSameAs(fromV1);
        assertThat(change.from(holding(v2.version()), Shape.NESTED)).isNotSameAs(fromV1);
        assertThat(change.from(holding(v1.version()), Shape.FLAT)).isNotSameAs(fromV1);
        assertThat(change.from(holding(null), Shape.NESTED).type()).isEqualTo("config_snapshot");
        assertThat(change.from(holding(v3.version()), Shape.NESTED)).isSameAs(Frame.NOTHING);
    }

    @Test
    void from_nothingHeld_isNotMistakenForAVersionWhoseBitsAreZero() {
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(1));
        ChangeFrames change = ChangeFrames.towards(v1, sessions.history, sessions.frames);
        String zeros = "0".repeat(32);

        Frame fromNothing = change.from(holding(null), Shape.NESTED);

        assertThat(fromNothing.type()).isEqualTo("config_snapshot");
        // An unknown version also gets a snapshot, but a frame of its own look-up, not the memo of "nothing".
        assertThat(change.from(holding(zeros), Shape.NESTED).type()).isEqualTo("config_snapshot");
        assertThat(holding(zeros).sentVersion()).isEqualTo(zeros);
        assertThat(holding(null).sentAny()).isFalse();
        assertThat(holding(null).sentVersion()).isNull();
    }

    private static KeyState holding(String version) {
        KeyState state = new KeyState();
        state.sent(version);
        return state;
    }

    @Test
    void towards_anOlderConfig_movesToTheNewestTheHistoryKnows() {
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(1));
        ResolvedConfig v2 = sessions.resolve(ORDERS, orders(2));

        assertThat(ChangeFrames.towards(v1, sessions.history, sessions.frames).target())
                .isSameAs(v2);
        assertThat(ChangeFrames.to(v1, sessions.history, sessions.frames).target())
                .isSameAs(v1);
    }

    @Test
    void oneChange_handedToSessionsHoldingDifferentVersions_takesEachFromWhatItHolds() {
        ResolvedConfig v1 = sessions.resolve(ORDERS, orders(1));
        SessionHarness.Client behind = sessions.open(ORDERS, null);
        SessionHarness.Client ahead = sessions.open(ORDERS, null);
        behind.received();
        ahead.received();
        ResolvedConfig v2 = sessions.resolve(ORDERS, orders(2));
        sessions.deliver(ahead, v2);
        ahead.received();
        ResolvedConfig v3 = sessions.resolve(ORDERS, orders(3));

        ChangeFrames change = ChangeFrames.towards(v3, sessions.history, sessions.frames);
        sessions.onLoop(() -> {
            behind.session.deliver(change);
            ahead.session.deliver(change);
            return null;
        });

        assertChange(behind.received(), v1, v3);
        assertChange(ahead.received(), v2, v3);
    }

    private static void assertChange(List<JsonNode> received, ResolvedConfig from, ResolvedConfig to) {
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("type").asText()).isEqualTo("config_change");
        assertThat(received.get(0).get("old_version").asText()).isEqualTo(from.version());
        assertThat(received.get(0).get("new_version").asText()).isEqualTo(to.version());
    }
}

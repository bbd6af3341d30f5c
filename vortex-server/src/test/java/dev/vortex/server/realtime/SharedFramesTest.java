package dev.vortex.server.realtime;

import static dev.vortex.server.realtime.TestConfigs.ORDERS;
import static dev.vortex.server.realtime.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.server.realtime.protocol.ServerMessages;
import dev.vortex.server.realtime.protocol.Shape;
import dev.vortex.server.realtime.wire.Frame;
import dev.vortex.server.realtime.wire.FrameDeflater;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedFramesTest {
    private final ServerMessages messages = new ServerMessages(Clock.systemUTC());
    private final SharedFrames frames = new SharedFrames(messages, FrameDeflater.DISABLED);

    private static Map<String, Object> big(int value) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            properties.put("orders.setting-" + i, "a value long enough to make the config larger than a patch");
        }
        properties.put("orders.max-items", value);
        return properties;
    }

    private static String json(Frame frame) {
        return new String(frame.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theSameSnapshot_isEncodedOnce_andShared() {
        ResolvedConfig v1 = config(ORDERS, 1, big(1));

        Frame first = frames.snapshot(v1, Shape.NESTED);

        assertThat(frames.snapshot(v1, Shape.NESTED)).isSameAs(first);
        assertThat(first.type()).isEqualTo("config_snapshot");
        assertThat(frames.snapshot(v1, Shape.FLAT)).isNotSameAs(first);
        assertThat(json(frames.snapshot(v1, Shape.FLAT))).contains("\"orders.max-items\":1");
    }

    @Test
    void theSameChange_isEncodedOnce_asAPatch() {
        ResolvedConfig v1 = config(ORDERS, 1, big(1));
        ResolvedConfig v2 = config(ORDERS, 2, big(2));

        Frame change = frames.change(v1, v2, Shape.NESTED);

        assertThat(frames.change(v1, v2, Shape.NESTED)).isSameAs(change);
        assertThat(change.type()).isEqualTo("config_change");
        assertThat(json(change))
                .contains("\"old_version\":\"" + v1.version() + "\"")
                .contains("\"path\":\"/orders/max-items\"");
    }

    @Test
    void aChangeBetweenEqualVersions_isNothing() {
        ResolvedConfig v1 = config(ORDERS, 1, big(1));
        ResolvedConfig again = config(ORDERS, 2, big(1));

        assertThat(frames.change(v1, again, Shape.NESTED)).isSameAs(Frame.NOTHING);
    }

    @Test
    void aPatchLargerThanTheConfig_isSentAsASnapshot() {
        ResolvedConfig from = config(ORDERS, 1, Map.of("a", "x", "b", "y", "c", "z"));
        ResolvedConfig to = config(ORDERS, 2, Map.of("d", "w"));

        Frame frame = frames.change(from, to, Shape.NESTED);

        assertThat(frame.type()).isEqualTo("config_snapshot");
        assertThat(frame).isSameAs(frames.snapshot(to, Shape.NESTED));
    }

    @Test
    void withCompression_eachFrameIsCompressedOnce_forEveryRecipient() {
        Counter compressed = new SimpleMeterRegistry().counter("compressed");
        SharedFrames compressing = new SharedFrames(messages, new FrameDeflater(compressed));
        ResolvedConfig v1 = config(ORDERS, 1, big(1));

        Frame frame = compressing.snapshot(v1, Shape.NESTED);
        compressing.snapshot(v1, Shape.NESTED);

        assertThat(frame.compressedWireBytes()).isLessThan(frame.wireBytes());
        assertThat(compressed.count()).isEqualTo(1);
    }
}

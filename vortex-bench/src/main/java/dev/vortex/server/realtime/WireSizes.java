package dev.vortex.server.realtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.bench.jmh.SampleConfigs;
import dev.vortex.core.patch.ConfigPatch;
import dev.vortex.core.shape.ConfigShapes;
import dev.vortex.core.shape.ConfigVersion;
import dev.vortex.server.config.ConfigKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server's messages weigh on the wire with and without {@code permessage-deflate}, through the
 * server's own code ({@link ServerMessages}, {@link Frame#shared}, {@link FrameDeflater}; this class lives in
 * their package, which is package-private), and what compressing one costs.
 */
public final class WireSizes {
    /** One message's wire bytes (frame header included) plain and compressed, and the compression's cost. */
    public record Row(String message, int plainBytes, int compressedBytes, double compressMicros) {}

    private WireSizes() {}

    /**
     * The messages of the JMH sample config (~200 properties): its snapshot, a one-value change, and the small
     * per-connection messages, each compressed regardless of the server's threshold, to show where it pays.
     */
    public static List<Row> measure(int iterations) {
        ServerMessages messages = new ServerMessages(Clock.systemUTC());
        ConfigKey key = new ConfigKey("orders", "prod", "main");
        ObjectNode nested = ConfigShapes.nested(SampleConfigs.flat200());
        ArrayNode diff = ConfigPatch.diff(nested, ConfigShapes.nested(SampleConfigs.flat200Changed()));
        String oldVersion = ConfigVersion.of(SampleConfigs.flat200());
        String newVersion = ConfigVersion.of(SampleConfigs.flat200Changed());
        Map<String, byte[]> samples = new LinkedHashMap<>();
        samples.put("pong", messages.pong());
        samples.put("in_sync", messages.inSync(key, newVersion));
        samples.put(
                "error",
                messages.error(ErrorCode.INVALID_PATTERN, "invalid pattern 'a:b': expected app:profile:label"));
        samples.put("config_change, one value", messages.change(key, diff, oldVersion, newVersion));
        ArrayNode fiveValues = ConfigPatch.diff(nested, ConfigShapes.nested(fiveChanged()));
        samples.put("config_change, five values", messages.change(key, fiveValues, oldVersion, newVersion));
        samples.put("config_snapshot, ~200 properties", messages.snapshot(key, nested, newVersion));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, byte[]> sample : samples.entrySet()) {
            byte[] payload = sample.getValue();
            byte[] compressed = FrameDeflater.compress(payload);
            for (int i = 0; i < iterations / 10; i++) {
                FrameDeflater.compress(payload); // warm-up
            }
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                FrameDeflater.compress(payload);
            }
            double micros = (System.nanoTime() - start) / 1e3 / iterations;
            rows.add(new Row(sample.getKey(), wire(payload.length), wire(compressed.length), micros));
        }
        return rows;
    }

    /** The wire bytes of the one-value change and the snapshot as the server really sends them. */
    public static Map<String, int[]> sharedFrames() {
        ServerMessages messages = new ServerMessages(Clock.systemUTC());
        FrameDeflater deflater = new FrameDeflater(new SimpleMeterRegistry().counter("compressed"));
        String oldVersion = ConfigVersion.of(SampleConfigs.flat200());
        String newVersion = ConfigVersion.of(SampleConfigs.flat200Changed());
        ConfigKey key = new ConfigKey("orders", "prod", "main");
        ObjectNode nested = ConfigShapes.nested(SampleConfigs.flat200());
        ArrayNode diff = ConfigPatch.diff(nested, ConfigShapes.nested(SampleConfigs.flat200Changed()));
        Frame change = Frame.shared("config_change", messages.change(key, diff, oldVersion, newVersion), deflater);
        Frame snapshot = Frame.shared("config_snapshot", messages.snapshot(key, nested, newVersion), deflater);
        Map<String, int[]> frames = new LinkedHashMap<>();
        frames.put("config_change, one value", new int[] {change.wireBytes(), change.compressedWireBytes()});
        frames.put(
                "config_snapshot, ~200 properties", new int[] {snapshot.wireBytes(), snapshot.compressedWireBytes()});
        return frames;
    }

    /** The server's threshold: shared messages shorter than this go uncompressed. */
    public static int thresholdBytes() {
        return FrameDeflater.THRESHOLD_BYTES;
    }

    private static Map<String, Object> fiveChanged() {
        Map<String, Object> flat = SampleConfigs.flat200Changed();
        flat.put("server.port", 9090);
        flat.put("logging.level.com.example.module3", "WARN");
        flat.put("http.clients.client-4.read-timeout", "7s");
        flat.put("app.limits.tenant-2.requests-per-second", 250);
        return flat;
    }

    /** Payload plus the frame header RFC 6455 gives it. */
    private static int wire(int payload) {
        return payload + (payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10);
    }
}

package dev.vortex.bench.jmh;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.core.patch.ConfigPatch;
import dev.vortex.core.shape.ConfigShapes;
import dev.vortex.core.shape.ConfigVersion;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.realtime.protocol.ServerMessages;
import dev.vortex.server.realtime.wire.Frame;
import dev.vortex.server.realtime.wire.FrameDeflater;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frame serialisation, through the server's own code: {@link ServerMessages} and {@link Frame#shared} (public
 * in the server's internal {@code realtime.protocol} and {@code realtime.wire} packages, for the layer above
 * and for these benchmarks), the once-per-change WebSocket encoding; plus
 * the nested shape ({@link ConfigShapes#nested}) and the content hash that every resolution computes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameEncodingBenchmark {
    private final ServerMessages messages = new ServerMessages(Clock.systemUTC());
    private final ConfigKey key = new ConfigKey("orders", "prod", "main");

    private Map<String, Object> flat;
    private ObjectNode nested;
    private ArrayNode diff;
    private String oldVersion;
    private String newVersion;
    private byte[] encodedSnapshot;
    private final FrameDeflater deflater =
            new FrameDeflater(new io.micrometer.core.instrument.simple.SimpleMeterRegistry().counter("compressed"));

    @Setup
    public void setUp() {
        flat = SampleConfigs.flat200();
        nested = ConfigShapes.nested(flat);
        diff = ConfigPatch.diff(nested, ConfigShapes.nested(SampleConfigs.flat200Changed()));
        oldVersion = ConfigVersion.of(flat);
        newVersion = ConfigVersion.of(SampleConfigs.flat200Changed());
        encodedSnapshot = encodeSnapshot();
    }

    /** A {@code config_change} of one replaced value. */
    @Benchmark
    public byte[] encodeChange() {
        return messages.change(key, diff, oldVersion, newVersion);
    }

    /** A {@code config_snapshot} of the ~200-property config. */
    @Benchmark
    public byte[] encodeSnapshot() {
        return messages.snapshot(key, nested, newVersion);
    }

    /** The snapshot's WebSocket frame, encoded once and shared by every recipient. */
    @Benchmark
    public Frame wireFrame() {
        return Frame.shared("config_snapshot", encodedSnapshot);
    }

    /**
     * The same frame with its {@code permessage-deflate} variant, as the server makes it when compression is
     * on and a recipient negotiated it (the variant is made for the first one): the difference to
     * {@link #wireFrame} is the one compression per change that every compressed recipient shares.
     */
    @Benchmark
    public Object wireFrameCompressed() {
        return Frame.shared("config_snapshot", encodedSnapshot, deflater).message(true);
    }

    /** The nested shape of the ~200 flat properties, computed once per resolution. */
    @Benchmark
    public ObjectNode nestedShape() {
        return ConfigShapes.nested(flat);
    }

    /** The content-hash version, computed once per resolution. */
    @Benchmark
    public String version() {
        return ConfigVersion.of(flat);
    }
}

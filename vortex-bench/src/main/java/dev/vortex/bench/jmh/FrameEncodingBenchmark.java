package dev.vortex.bench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.core.patch.ConfigPatch;
import dev.vortex.core.shape.ConfigShapes;
import dev.vortex.core.shape.ConfigVersion;
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
 * Frame serialisation. The server's {@code ServerMessages} and {@code SharedFrames} are package-private in
 * {@code dev.vortex.server.realtime}, so this builds the same messages the same way (an {@link ObjectNode}
 * with type, app, profile, label, payload, versions and timestamp, then {@code writeValueAsBytes}), plus the
 * nested shape ({@link ConfigShapes#nested}) and the content hash that every resolution computes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameEncodingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();

    private Map<String, Object> flat;
    private ObjectNode nested;
    private ArrayNode diff;
    private String oldVersion;
    private String newVersion;

    @Setup
    public void setUp() {
        flat = SampleConfigs.flat200();
        nested = ConfigShapes.nested(flat);
        diff = ConfigPatch.diff(nested, ConfigShapes.nested(SampleConfigs.flat200Changed()));
        oldVersion = ConfigVersion.of(flat);
        newVersion = ConfigVersion.of(SampleConfigs.flat200Changed());
    }

    /** A {@code config_change} of one replaced value, as {@code ServerMessages.change} builds it. */
    @Benchmark
    public byte[] encodeChange() throws JsonProcessingException {
        ObjectNode message = keyed("config_change");
        message.set("diff", diff);
        message.put("old_version", oldVersion);
        message.put("new_version", newVersion);
        message.put("timestamp", clock.instant().toString());
        return JSON.writeValueAsBytes(message);
    }

    /** A {@code config_snapshot} of the ~200-property config, as {@code ServerMessages.snapshot} builds it. */
    @Benchmark
    public byte[] encodeSnapshot() throws JsonProcessingException {
        ObjectNode message = keyed("config_snapshot");
        message.set("config", nested);
        message.put("version", newVersion);
        message.put("timestamp", clock.instant().toString());
        return JSON.writeValueAsBytes(message);
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

    private static ObjectNode keyed(String type) {
        return JSON.createObjectNode()
                .put("type", type)
                .put("app", "orders")
                .put("profile", "prod")
                .put("label", "main");
    }
}

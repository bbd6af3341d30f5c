package dev.vortex.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vortex.core.patch.ConfigPatch;
import dev.vortex.core.shape.ConfigShapes;
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
 * The diff a change costs the server once per (old version, new version) pair: {@link ConfigPatch#diff} of a
 * ~200-property config, nested (the default shape) and flat, with one value changed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConfigDiffBenchmark {
    private JsonNode nestedBefore;
    private JsonNode nestedAfter;
    private JsonNode flatBefore;
    private JsonNode flatAfter;

    @Setup
    public void setUp() {
        nestedBefore = ConfigShapes.nested(SampleConfigs.flat200());
        nestedAfter = ConfigShapes.nested(SampleConfigs.flat200Changed());
        flatBefore = ConfigShapes.flat(SampleConfigs.flat200());
        flatAfter = ConfigShapes.flat(SampleConfigs.flat200Changed());
        if (ConfigPatch.diff(nestedBefore, nestedAfter).size() != 1) {
            throw new IllegalStateException("expected exactly one operation");
        }
    }

    @Benchmark
    public ArrayNode diffNested() {
        return ConfigPatch.diff(nestedBefore, nestedAfter);
    }

    @Benchmark
    public ArrayNode diffFlat() {
        return ConfigPatch.diff(flatBefore, flatAfter);
    }
}

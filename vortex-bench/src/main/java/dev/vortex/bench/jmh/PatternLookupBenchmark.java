package dev.vortex.bench.jmh;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Finding the pattern subscriptions that match a changed key among 10,000 patterns: the eight candidate
 * patterns of the key (each part literal or {@code *}) looked up in a map, as {@code ConnectionRegistry}
 * does, instead of scanning the patterns.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PatternLookupBenchmark {
    /** A key whose application has patterns (several of its 8 candidates hit), or one that has none. */
    @Param({"hit", "miss"})
    public String key;

    private final Map<KeyPattern, Object> patterns = new ConcurrentHashMap<>();
    private ConfigKey changed;

    @Setup
    public void setUp() {
        // 10,000 patterns over 2,500 applications: app:*:*, app:prod:*, app:*:main, app:prod:main.
        for (int i = 0; i < 2500; i++) {
            String application = "app" + i;
            patterns.put(new KeyPattern(application, "*", "*"), new Object());
            patterns.put(new KeyPattern(application, "prod", "*"), new Object());
            patterns.put(new KeyPattern(application, "*", "main"), new Object());
            patterns.put(new KeyPattern(application, "prod", "main"), new Object());
        }
        if (patterns.size() != 10_000) {
            throw new IllegalStateException("expected 10,000 patterns, have " + patterns.size());
        }
        changed = key.equals("hit") ? new ConfigKey("app1234", "prod", "main") : new ConfigKey("other", "prod", "main");
    }

    /** The eight candidates built and looked up; the matches go to the black hole. */
    @Benchmark
    public void lookUpCandidates(Blackhole hole) {
        for (KeyPattern candidate : KeyPattern.candidatesFor(changed)) {
            Object subscribers = patterns.get(candidate);
            if (subscribers != null) {
                hole.consume(subscribers);
            }
        }
    }
}

package dev.vortex.bench.jmh;

import dev.vortex.bench.SampleRepository;
import dev.vortex.core.Environment;
import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.sources.NativeConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The resolver's share of one change of the {@code fanout} benchmark, warm, piece by piece, on the same files
 * ({@link SampleRepository}: {@code application.yml}, {@code bench.yml} of ~40 values, {@code bench-p0.yml}):
 * reading the changed file, finding the key's environment again (parsed files cached, as on the watcher's second
 * resolution of an edit), and building a config from an environment (Environment JSON, merged properties, version,
 * both shapes). Against the resolver CPU per change that {@code fanout --server-pid} sees in the server, it tells
 * how much of that is the work itself and how much is the code being cold, the threads handing it over, or the
 * rest of the process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResolutionBenchmark {
    private static final ConfigKey KEY = new ConfigKey("bench", "p0", null);

    private Path directory;
    private NativeConfigSource source;
    private byte[] changedFile;
    private Environment environment;
    private long sequence;

    @Setup
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("vortex-resolution-bench");
        SampleRepository repository = new SampleRepository(directory);
        repository.writeAll(1);
        source = NativeConfigSource.of(directory);
        changedFile = Files.readAllBytes(directory.resolve("bench.yml"));
        environment = source.find(KEY.application(), KEY.profiles(), KEY.label());
    }

    @TearDown
    public void tearDown() throws IOException {
        source.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Parsing the edited file, as the first resolution after an edit does (the parse cache misses). */
    @Benchmark
    public List<ConfigDocument> parseChangedFile() {
        return ConfigFormat.YML.parse("bench.yml", changedFile);
    }

    /**
     * Finding the key's environment again from unchanged files (checks of the location, file look-ups, the parse
     * cache, assembly) and comparing it with the one held: the watcher's second resolution of an edit.
     */
    @Benchmark
    public boolean findAgain() {
        return source.find(KEY.application(), KEY.profiles(), KEY.label()).equals(environment);
    }

    /** Building the config a change pushes from its environment: Environment JSON, merged, version, shapes. */
    @Benchmark
    public String buildConfig() {
        ResolvedConfig config = ResolvedConfig.of(KEY, environment, ++sequence);
        config.prepareForPush();
        return config.version();
    }
}

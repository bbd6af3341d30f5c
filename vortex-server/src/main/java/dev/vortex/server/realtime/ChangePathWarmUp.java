package dev.vortex.server.realtime;

import dev.vortex.core.Environment;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import dev.vortex.server.realtime.protocol.ServerMessages;
import dev.vortex.server.realtime.protocol.Shape;
import dev.vortex.server.realtime.wire.Frame;
import dev.vortex.server.realtime.wire.FrameDeflater;
import dev.vortex.sources.NativeConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the work of a config change on synthetic configs, on one background thread, soon after the server starts, so
 * that the JIT has compiled it before the first real change comes.
 *
 * <p>Why: a change is rare, so the code it runs (reading and parsing the changed YAML file, assembling the property
 * sources, the merged properties, the content version, the nested and flat shapes, the Environment JSON, the JSON
 * Patch diff and the frame encoding, the directory fingerprint and the file listing of key discovery) stays
 * interpreted for a long time: half of a change's CPU samples were in interpreted code, and the compiler was still
 * busy with it after 130 changes (BENCHMARKS.md, issue #13). A round here calls the same production classes a real
 * change calls, in the same order, so the JIT compiles them as it would have compiled them for real changes.
 *
 * <p>What it touches: a temporary directory of its own (synthetic files, deleted at the end), its own
 * {@link NativeConfigSource}, {@link SharedFrames} and {@link ConfigHistory}, and configs that no cache holds. Not
 * the server's source, cache, history, registry or metrics, and no socket: no client and no meter can tell it ran.
 *
 * <p>Bounded: at most {@link #ROUNDS} rounds and {@link #MAX_DURATION} of wall time, starting {@code delay} after
 * the server listens (so the start and its first answers are not slowed down); {@link #close} stops it between two
 * rounds. Its thread has the lowest Java priority, which Linux ignores by default: it takes a share of one core
 * while it runs (measured in BENCHMARKS.md). A round that fails ends the warm-up, logged at debug level: warming up is
 * an optimisation, never a reason to fail.
 */
public final class ChangePathWarmUp implements AutoCloseable {
    /**
     * Rounds run, unless the system property {@code vortex.warm-up.rounds} says otherwise (for measuring). Measured
     * with {@code vortex-bench fanout --warmup-changes 0} at 1,000 clients (BENCHMARKS.md, "Warming the change path
     * up"): 500 rounds gave about what 2,000 gave (the resolver and refresh threads' CPU per change, the JIT per
     * change) for 40 % of their CPU; 200 left the JIT per change where it is without a warm-up.
     */
    static final int ROUNDS = 500;

    /** The most it runs, whatever the rounds left: on a starved machine it gives up rather than linger. */
    static final Duration MAX_DURATION = Duration.ofSeconds(30);

    /** How long after the server listens it starts, by default. */
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(3);

    /** Frames made before the warm-up's frame cache is dropped for a new one (it holds them until then). */
    private static final int ROUNDS_PER_FRAME_CACHE = 50;

    private static final Logger LOG = LoggerFactory.getLogger(ChangePathWarmUp.class);
    private static final ConfigKey KEY = new ConfigKey("warm", "prod", null);

    private final Thread thread;
    private final Duration delay;
    private final int rounds;
    private volatile boolean stopped;
    private volatile int roundsDone;

    private ChangePathWarmUp(Duration delay, int rounds) {
        this.delay = delay;
        this.rounds = rounds;
        this.thread = new Thread(this::run, "vortex-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * Starts warming up on a thread of its own.
     *
     * @param delay how long to wait first
     * @return the running warm-up; {@link #close} it with the server
     */
    public static ChangePathWarmUp start(Duration delay) {
        return start(delay, Integer.getInteger("vortex.warm-up.rounds", ROUNDS));
    }

    static ChangePathWarmUp start(Duration delay, int rounds) {
        ChangePathWarmUp warmUp = new ChangePathWarmUp(delay, rounds);
        warmUp.thread.start();
        return warmUp;
    }

    /**
     * Waits for the warm-up to end (all rounds run, given up or stopped).
     *
     * @return whether it ended within {@code timeout}
     */
    public boolean await(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /** The rounds run so far. */
    public int roundsDone() {
        return roundsDone;
    }

    /** Stops the warm-up after the round under way and waits for it (a few milliseconds) to clean up. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTimed = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpuTimed ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        long deadline = start + MAX_DURATION.toNanos();
        Path root = null;
        try {
            root = Files.createTempDirectory("vortex-warm-up");
            Rounds work = new Rounds(root);
            while (roundsDone < rounds && !stopped && System.nanoTime() < deadline) {
                work.run(roundsDone);
                roundsDone++;
            }
        } catch (IOException | RuntimeException e) {
            // An optimisation only: a read-only temporary directory, say, just means no warm-up.
            LOG.debug("change path warm-up ended early: {}", e.toString());
        } finally {
            if (root != null) {
                delete(root);
            }
        }
        long cpuMillis = cpuTimed ? TimeUnit.NANOSECONDS.toMillis(threads.getCurrentThreadCpuTime() - cpuStart) : -1;
        LOG.info(
                "change path warmed up: {} rounds in {} ms ({} ms of CPU on its thread)",
                roundsDone,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                cpuMillis);
    }

    /** The work of the rounds, on synthetic files in {@code root}. */
    private static final class Rounds {
        private final Path changing;
        private final NativeConfigSource source;
        private final NativeConfigSource still;
        private final ServerMessages messages = new ServerMessages(Clock.systemUTC());
        private SharedFrames frames;
        private ConfigHistory history;
        private ResolvedConfig previous;

        Rounds(Path root) throws IOException {
            changing = Files.createDirectories(root.resolve("changing"));
            Path stillDirectory = Files.createDirectories(root.resolve("still"));
            for (Path directory : new Path[] {changing, stillDirectory}) {
                write(directory, "application.yml", SyntheticConfigs.shared());
                write(directory, "warm-prod.properties", SyntheticConfigs.profileProperties());
            }
            write(changing, "warm.yml", SyntheticConfigs.application(0));
            write(stillDirectory, "warm.yml", SyntheticConfigs.application(0));
            source = NativeConfigSource.of(changing);
            // A second source whose files never change: its refresh computes the directory fingerprint and finds
            // it unchanged (a changed one would wait 50 ms for the files to settle, as a real refresh does).
            still = NativeConfigSource.of(stillDirectory);
        }

        /** One change: the file edited, the refresh's checks, the resolution, and what the real-time layer makes. */
        void run(int round) throws IOException {
            if (round % ROUNDS_PER_FRAME_CACHE == 0) {
                frames = new SharedFrames(messages, FrameDeflater.DISABLED);
                history = new ConfigHistory(2, 1);
            }
            write(changing, "warm.yml", SyntheticConfigs.application(round + 1));
            // The refresh thread: the fingerprint of the directories, then key discovery's file listing.
            still.refresh();
            source.configFileNames(null);
            // The resolution after DELETE /cache (the file is parsed), then the watcher's (parsed files reused).
            Environment environment = source.find(KEY.application(), KEY.profiles(), KEY.label());
            Environment again = source.find(KEY.application(), KEY.profiles(), KEY.label());
            ResolvedConfig config = ResolvedConfig.of(KEY, environment, round + 1L);
            config.prepareForPush();
            if (again.equals(environment)) {
                config.again(round + 2L).version();
            }
            history.record(config, System.nanoTime());
            if (previous != null) {
                for (Shape shape : Shape.values()) {
                    Frame change = frames.change(previous, config, shape);
                    change.message(false);
                }
            }
            frames.snapshot(config, Shape.NESTED);
            previous = config;
        }
    }

    private static void write(Path directory, String name, String content) {
        // As an editor or a deployment does it: a complete file renamed into place.
        try {
            Path temporary = directory.resolve("." + name + ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(
                    temporary,
                    directory.resolve(name),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot delete the warm-up's directory {}: {}", root, e.toString());
        }
    }
}

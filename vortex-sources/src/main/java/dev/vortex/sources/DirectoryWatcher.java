package dev.vortex.sources;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches directory trees with the platform's {@link WatchService} (inotify on Linux) and says "look now"
 * once per burst of changes. It does not say what changed: {@link NativeConfigSource#refresh()} compares
 * fingerprints for that, so a spurious call costs one scan, while a missed edit would go unseen until the
 * next periodic refresh. The watcher therefore errs on the side of calling: an {@code OVERFLOW}, a vanished
 * directory or a new subdirectory all count as a change.
 *
 * <p>Threading: one daemon thread, {@code vortex-watch}, owns the {@link WatchService}, the registrations and
 * the debounce state; nothing else touches them, so they need no locks. It blocks in {@code take}/{@code
 * poll} (this is a plain thread, not an event loop) and runs {@code onChange} itself, so calls never overlap
 * and events arriving during a call start the next burst. A call comes {@code quietPeriod} after the last
 * event of a burst, and at the latest {@code maxDelay} after its first event, so that a directory written
 * to without pause is still looked at. {@link #close()} may be called from any thread: it closes the watch
 * service, which wakes the thread, and waits for it to finish a call in progress; after it returns there are
 * no further calls.
 *
 * <p>Subdirectories are registered as they appear (a file written into a new directory before its
 * registration is covered by the call the directory's creation triggers). A subdirectory that vanishes is
 * simply dropped; a watched root that vanishes is logged and checked for every {@link #ROOT_RECHECK} until it
 * is back, then watched again. Symlinks to directories are followed, like {@link DirectoryFingerprint}.
 */
public final class DirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    /** How long a burst must be quiet before {@code onChange} runs, unless given. */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(200);

    /** The longest {@code onChange} waits while events keep coming, unless given. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(2);

    static final Duration ROOT_RECHECK = Duration.ofSeconds(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final List<Path> roots;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final Runnable onChange;
    /** Nanoseconds, like {@link System#nanoTime()}: the debounce's time, which tests can drive. */
    private final LongSupplier ticker;

    private final WatchService watchService;
    private final Thread thread;
    private volatile boolean closed;

    // Owned by the watch thread once it has started (the constructor fills them before it starts).
    private final Map<WatchKey, Path> directories = new HashMap<>();
    private final Set<Path> missingRoots = new LinkedHashSet<>();
    private boolean warnedAboutWatchLimit;
    private long burstStart;
    private long lastEvent;
    private boolean pending;

    private DirectoryWatcher(
            List<Path> roots, Duration quietPeriod, Duration maxDelay, Runnable onChange, LongSupplier ticker)
            throws IOException {
        this.roots = roots;
        this.ticker = ticker;
        this.quietNanos = quietPeriod.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.onChange = onChange;
        this.watchService = FileSystems.getDefault().newWatchService();
        try {
            for (Path root : roots) {
                registerTree(root);
            }
        } catch (RuntimeException e) {
            watchService.close();
            throw e;
        }
        this.thread = new Thread(this::run, "vortex-watch");
        thread.setDaemon(true);
    }

    /**
     * Watches {@code directories} with the default quiet period and maximum delay.
     *
     * @see #start(List, Duration, Duration, Runnable)
     */
    public static DirectoryWatcher start(List<Path> directories, Runnable onChange) {
        return start(directories, DEFAULT_QUIET_PERIOD, DEFAULT_MAX_DELAY, onChange);
    }

    /**
     * Watches {@code directories}, calling {@code onChange} {@code quietPeriod} after a burst of changes, and at
     * the latest after {@link #DEFAULT_MAX_DELAY} (or {@code quietPeriod} if that is longer).
     *
     * @see #start(List, Duration, Duration, Runnable)
     */
    public static DirectoryWatcher start(List<Path> directories, Duration quietPeriod, Runnable onChange) {
        Duration maxDelay =
                quietPeriod != null && quietPeriod.compareTo(DEFAULT_MAX_DELAY) > 0 ? quietPeriod : DEFAULT_MAX_DELAY;
        return start(directories, quietPeriod, maxDelay, onChange);
    }

    /**
     * Watches {@code directories} and their subdirectories, recursively, on a new daemon thread.
     *
     * @param directories the trees to watch, at least one; each must be an existing directory
     * @param quietPeriod how long after the last event of a burst {@code onChange} runs; positive
     * @param maxDelay how long after the first event of a burst {@code onChange} runs at the latest, however
     *     many events follow; at least {@code quietPeriod}
     * @param onChange called on the watch thread, never concurrently with itself; what it throws is logged
     * @return the running watcher; close it to stop
     * @throws IllegalArgumentException if no directory is given, one is not a directory, or the durations are
     *     out of range, naming the bad value
     * @throws UncheckedIOException if the platform's watch service cannot be opened
     */
    public static DirectoryWatcher start(
            List<Path> directories, Duration quietPeriod, Duration maxDelay, Runnable onChange) {
        return start(directories, quietPeriod, maxDelay, onChange, System::nanoTime);
    }

    /**
     * Watches {@code directories} like {@link #start(List, Duration, Duration, Runnable)}, measuring the quiet
     * period and the maximum delay with {@code ticker} instead of {@link System#nanoTime()}: the server passes
     * its own time source, and tests drive the debounce without waiting for it. The watch thread still blocks
     * in real time between events, for at most the time until the next deadline by {@code ticker}.
     *
     * @param ticker nanoseconds from an arbitrary origin, never going back
     * @see #start(List, Duration, Duration, Runnable)
     */
    public static DirectoryWatcher start(
            List<Path> directories, Duration quietPeriod, Duration maxDelay, Runnable onChange, LongSupplier ticker) {
        if (ticker == null) {
            throw new IllegalArgumentException("ticker is required");
        }
        if (directories == null || directories.isEmpty()) {
            throw new IllegalArgumentException("a directory watcher needs at least one directory");
        }
        if (onChange == null) {
            throw new IllegalArgumentException("onChange is required");
        }
        if (quietPeriod == null || quietPeriod.isNegative() || quietPeriod.isZero()) {
            throw new IllegalArgumentException("quiet period must be positive, was " + quietPeriod);
        }
        if (maxDelay == null || maxDelay.compareTo(quietPeriod) < 0) {
            throw new IllegalArgumentException(
                    "maximum delay " + maxDelay + " must be at least the quiet period " + quietPeriod);
        }
        List<Path> roots = new ArrayList<>();
        for (Path directory : directories) {
            Path root = directory.toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("cannot watch " + root + ": not an existing directory");
            }
            roots.add(root);
        }
        DirectoryWatcher watcher;
        try {
            watcher = new DirectoryWatcher(List.copyOf(roots), quietPeriod, maxDelay, onChange, ticker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + roots, e);
        }
        watcher.thread.start();
        return watcher;
    }

    /**
     * Stops watching: no call of {@code onChange} starts after this returns, and one in progress is waited for
     * (up to ten seconds, unless called from {@code onChange} itself). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.warn("Closing the watch service of {} failed", roots, e);
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            LOG.warn(
                    "The watcher of {} did not stop within {}; its change callback is still running",
                    roots,
                    CLOSE_WAIT);
        }
    }

    private void run() {
        try {
            while (!closed) {
                WatchKey key = nextKey();
                if (key != null) {
                    handle(key);
                    // Take whatever else is queued before deciding, so a burst is seen as one.
                    for (WatchKey more = watchService.poll(); more != null; more = watchService.poll()) {
                        handle(more);
                    }
                }
                if (!missingRoots.isEmpty()) {
                    recheckMissingRoots();
                }
                if (pending && !closed && ticker.getAsLong() - deadline() >= 0) {
                    pending = false;
                    fire();
                }
            }
        } catch (ClosedWatchServiceException e) {
            // close() was called: the normal way out.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("Stopped watching {}", roots);
    }

    /** The next key, waiting no longer than the pending call's deadline or the next check for lost roots. */
    private WatchKey nextKey() throws InterruptedException {
        long wait = Long.MAX_VALUE;
        if (pending) {
            wait = Math.max(0, deadline() - ticker.getAsLong());
        }
        if (!missingRoots.isEmpty()) {
            wait = Math.min(wait, ROOT_RECHECK.toNanos());
        }
        return wait == Long.MAX_VALUE ? watchService.take() : watchService.poll(wait, TimeUnit.NANOSECONDS);
    }

    /** How long after its first event a burst is reported at the latest. */
    Duration maxDelay() {
        return Duration.ofNanos(maxDelayNanos);
    }

    private long deadline() {
        return Math.min(lastEvent + quietNanos, burstStart + maxDelayNanos);
    }

    private void handle(WatchKey key) {
        Path directory = directories.get(key);
        boolean overflowed = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                overflowed = true;
            } else if (event.kind() == ENTRY_CREATE && directory != null && event.context() instanceof Path name) {
                Path child = directory.resolve(name);
                if (Files.isDirectory(child)) {
                    registerTree(child);
                }
            }
        }
        // Any key that was signalled means something happened, even with no events (a deleted directory's
        // key is signalled once, cancelled and empty).
        changed();
        if (!key.reset()) {
            directories.remove(key);
            if (directory != null) {
                lost(directory);
            }
        }
        if (overflowed) {
            // Events were dropped, among them perhaps the creation of directories: register what is missing.
            LOG.debug("Watch events overflowed under {}; re-registering the trees", roots);
            for (Path root : roots) {
                if (!missingRoots.contains(root)) {
                    registerTree(root);
                }
            }
        }
    }

    private void lost(Path directory) {
        if (roots.contains(directory)) {
            missingRoots.add(directory);
            LOG.warn("Watched directory {} vanished; watching for it to come back", directory);
        } else {
            LOG.debug("Subdirectory {} vanished; no longer watched", directory);
        }
    }

    private void recheckMissingRoots() {
        for (var iterator = missingRoots.iterator(); iterator.hasNext(); ) {
            Path root = iterator.next();
            if (Files.isDirectory(root)) {
                iterator.remove();
                LOG.info("Watched directory {} is back", root);
                registerTree(root);
                changed();
            }
        }
    }

    private void changed() {
        long now = ticker.getAsLong();
        if (!pending) {
            pending = true;
            burstStart = now;
        }
        lastEvent = now;
    }

    private void fire() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.warn("The change callback for {} failed; still watching", roots, e);
        }
    }

    /** Registers {@code top} and every directory below it; failures are logged, never thrown. */
    private void registerTree(Path top) {
        try {
            Files.walkFileTree(
                    top, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                            return register(directory) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // Gone already, unreadable, or a link loop: nothing to watch there.
                            LOG.debug("Not watching {}: {}", file, e.toString());
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            LOG.debug("Not watching {}: {}", top, e.toString());
        }
    }

    private boolean register(Path directory) {
        try {
            WatchKey key = directory.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            directories.put(key, directory);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // Typically the inotify watch limit (fs.inotify.max_user_watches).
            if (!warnedAboutWatchLimit) {
                warnedAboutWatchLimit = true;
                LOG.warn(
                        "Cannot watch {} ({}); changes below it are seen only by the periodic refresh",
                        directory,
                        e.toString());
            }
            return false;
        }
    }
}

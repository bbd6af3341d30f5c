package dev.vortex.server;

import dev.vortex.core.Sha256;
import dev.vortex.server.realtime.RealtimeEndpoint;
import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.SecuritySettingsChange;
import dev.vortex.server.security.TickerPoll;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the settings file and reloads its {@code security} section when it changes: the authorizer takes the
 * new settings at once (HTTP requests and {@code auth} messages are judged by them from then on), then every
 * open WebSocket connection is checked again ({@link RealtimeEndpoint#reauthorize()}): revoked ones are closed,
 * narrowed ones lose what they may no longer read. A file that cannot be read or parsed, or whose security
 * section is invalid, changes nothing: the settings in force stay and one error names the file and the
 * problem. Changes to the other settings are logged once as needing a restart.
 *
 * <p>Polling rather than a file watch: the file is small, a settings file is often a mounted secret or config
 * map (replaced through a symlink swap that directory watches report unreliably), and a poll every few
 * seconds ({@code --settings-poll-interval}, 5 s by default) is quick enough for revocation. With polling off,
 * only {@link #reloadNow()} reads the file again. The file's SHA-256 tells whether it changed, so an
 * edit is seen whatever it does to the modification time.
 *
 * <p>Threading: a {@link TickerPoll} samples the injected ticker every {@link #SAMPLE_PERIOD} of wall time (tests
 * move the ticker instead of waiting for the interval); a due poll runs on a worker thread (file reads, key
 * files, never an event loop). Polls never overlap ({@link #poll} is synchronized, and the timer skips while one
 * is under way); {@link #reloadNow()} runs one at once.
 */
final class SettingsFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsFileWatcher.class);

    /** How often, in wall time, the timer looks whether a poll is due by the ticker (at most). */
    static final Duration SAMPLE_PERIOD = Duration.ofMillis(250);

    private final Vertx vertx;
    private final Path file;
    private final CredentialsAuthorizer authorizer;
    private final RealtimeEndpoint realtime;
    private final MeterRegistry registry;
    /** {@code null} while polling is off. */
    private final TickerPoll timer;

    // Guarded by "this" (polls run on worker threads, one at a time).
    private String lastHash;
    private Map<String, String> lastOthers;

    /**
     * Reads the file once (blocking: call it while starting, not on an event loop) as the baseline, and starts
     * the timer.
     *
     * @param pollInterval how often the file is read again, by the ticker; empty: never on its own
     * @param ticker nanoseconds, like {@link System#nanoTime()}: when polls are due
     */
    SettingsFileWatcher(
            Vertx vertx,
            Path file,
            CredentialsAuthorizer authorizer,
            RealtimeEndpoint realtime,
            MeterRegistry registry,
            Optional<Duration> pollInterval,
            LongSupplier ticker) {
        this.vertx = vertx;
        this.file = file;
        this.authorizer = authorizer;
        this.realtime = realtime;
        this.registry = registry;
        try {
            byte[] bytes = Files.readAllBytes(file);
            this.lastHash = sha256(bytes);
            this.lastOthers = SettingsFile.parse(file, bytes).others();
        } catch (IOException | IllegalArgumentException e) {
            // Read at start already by the command line; if it went meanwhile, the first poll tells.
            this.lastHash = "";
            this.lastOthers = null;
        }
        this.timer = pollInterval
                .map(interval -> TickerPoll.start(
                        vertx,
                        interval,
                        // A shorter interval is sampled as often as it asks.
                        interval.compareTo(SAMPLE_PERIOD) < 0 ? interval : SAMPLE_PERIOD,
                        ticker,
                        this::reloadNow))
                .orElse(null);
        if (timer == null) {
            LOG.info(
                    "settings file {} is not polled (--settings-poll-interval off): changes to its security section"
                            + " take effect on a restart",
                    file);
        }
    }

    /** The polls the timer ran to their end so far; 0 while polling is off (tests wait on it). */
    long polls() {
        return timer == null ? 0 : timer.polls();
    }

    /**
     * Reads the file now and reloads the security section if it changed.
     *
     * @return completes when the file was compared and, if it changed, the settings applied and every open
     *     connection checked again; never fails (problems are logged)
     */
    Future<Void> reloadNow() {
        return vertx.executeBlocking(this::poll, false)
                .compose(change -> change == null ? Future.succeededFuture() : reauthorize(change))
                .otherwise(failure -> {
                    LOG.error("reloading settings file {} failed", file, failure);
                    return null;
                });
    }

    /** Reads and compares the file; applies a changed security section. Blocking; on a worker thread. */
    private synchronized SecuritySettingsChange poll() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return refuse("io:" + e, "cannot read settings file " + file + ": " + e);
        }
        String hash = sha256(bytes);
        if (hash.equals(lastHash)) {
            return null;
        }
        SettingsFile read;
        SecuritySettings security;
        try {
            read = SettingsFile.parse(file, bytes);
            security = read.securitySettings();
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage();
            return refuse(hash, problem.contains(file.toString()) ? problem : problem + " (in " + file + ")");
        }
        if (lastOthers != null && !lastOthers.equals(read.others())) {
            TreeSet<String> changed = new TreeSet<>(lastOthers.keySet());
            changed.addAll(read.others().keySet());
            changed.removeIf(
                    key -> Objects.equals(lastOthers.get(key), read.others().get(key)));
            // Names only: values may be secrets (git.password, encrypt.key).
            LOG.warn(
                    "settings file {} changed {}: only its security section is reloaded; these take effect on a"
                            + " restart",
                    file,
                    changed);
        }
        lastOthers = read.others();
        if (security.equals(authorizer.settings())) {
            lastHash = hash;
            return null;
        }
        SecuritySettingsChange change;
        try {
            change = authorizer.reload(security);
        } catch (IllegalArgumentException e) {
            // A key file named by the new settings cannot be read: the old settings stay.
            return refuse(hash, e.getMessage() + " (in " + file + ")");
        }
        lastHash = hash;
        return change;
    }

    /** Logs a refused reload once per distinct file content (or read problem) and keeps the settings in force. */
    private SecuritySettingsChange refuse(String hash, String problem) {
        if (!hash.equals(lastHash)) {
            lastHash = hash;
            registry.counter("vortex.security.reloads", "result", "failure").increment();
            LOG.error("settings file not reloaded, the security settings in force stay: {}", problem);
        }
        return null;
    }

    private Future<Void> reauthorize(SecuritySettingsChange change) {
        return realtime.reauthorize().map(connections -> {
            registry.counter("vortex.security.reloads", "result", "success").increment();
            LOG.info(
                    "security settings reloaded from {}: {}; WebSocket connections checked {}, narrowed {}, closed {}",
                    file,
                    change,
                    connections.checked(),
                    connections.narrowed(),
                    connections.closed());
            return null;
        });
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.close();
        }
    }

    private static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
    }
}

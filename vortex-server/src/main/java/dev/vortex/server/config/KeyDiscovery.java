package dev.vortex.server.config;

import dev.vortex.sources.ConfigSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out which keys (application, profile) the files of the source describe, and resolves them, so that
 * pattern subscribers see every application the repository holds, not only those someone has asked for.
 *
 * <p>The rule, on file names without their extension, at the default label:
 *
 * <ul>
 *   <li>{@code application} is shared; {@code application-P} adds profile {@code P} to every application.
 *   <li>A name {@code A-P} where {@code A} is also a file name is profile {@code P} of application {@code A}
 *       (the longest such {@code A}); any other name is an application, dashes included
 *       ({@code order-service}), because applications named with dashes are far more common than profile
 *       files without their application's file.
 *   <li>Every application gets {@code default}, its own profiles and the shared ones.
 * </ul>
 *
 * <p>Runs on the refresh thread; bounded to {@link #MAX_KEYS} keys so a huge repository cannot flood the cache.
 */
public final class KeyDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(KeyDiscovery.class);

    /** The most keys one discovery resolves. */
    static final int MAX_KEYS = 1_000;

    /** How long a discovery waits for its resolutions before it hands over the rest without waiting. */
    private static final Duration WAIT = Duration.ofMinutes(1);

    private final ConfigSource source;
    private final ResolvedConfigCache cache;
    private final DiscoveredKeys discovered;

    /**
     * @param source where the file names come from
     * @param cache where discovered keys are resolved (which makes them known to the real-time layer)
     * @param discovered where the keys found are kept, replaced by each discovery
     */
    public KeyDiscovery(ConfigSource source, ResolvedConfigCache cache, DiscoveredKeys discovered) {
        this.source = source;
        this.cache = cache;
        this.discovered = discovered;
    }

    /**
     * Lists the source's files and resolves every key they describe, waiting for the resolutions so that a
     * refresh that triggers discovery returns with the keys known. Blocking; for the refresh thread.
     *
     * <p>One key at a time, each when no request waits for a resolver thread: discovery runs just after the
     * server starts, which is when a fleet of services restarting at once asks for its keys. Handed to the
     * resolver pool all at once, the discovered keys (up to {@link #MAX_KEYS}) queued ahead of every request,
     * which then waited for keys nobody had asked for yet (or got 503 when the queue was full).
     */
    public void discover() {
        List<ConfigKey> keys;
        try {
            keys = keys(source.configFileNames(null));
        } catch (RuntimeException e) {
            LOG.warn("cannot list the files of {} to discover applications: {}", source.description(), e.toString());
            return;
        }
        List<ConfigKey> labelled = keys.stream()
                .map(key -> cache.key(key.application(), key.profiles(), null))
                .toList();
        // Known before they are resolved, so that pattern subscribers hear of the resolutions.
        discovered.replace(labelled);
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int next = 0; next < labelled.size(); next++) {
            ConfigKey key = labelled.get(next);
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !cache.awaitNoQueuedResolutions(Duration.ofNanos(left))) {
                    // Out of patience: the rest are resolved without waiting, as they come.
                    LOG.debug("resolving the last {} discovered keys without waiting", labelled.size() - next);
                    labelled.subList(next, labelled.size()).forEach(cache::get);
                    return;
                }
                cache.get(key).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // A broken file fails its own key's resolution; requests for it report it.
                LOG.debug("discovered key {} could not be resolved: {}", key, e.toString());
            } catch (TimeoutException e) {
                // Still resolving; the deadline check above hands over the rest.
            }
        }
    }

    /** The keys (with no label) that {@code fileNames} describe; see the class comment for the rule. */
    static List<ConfigKey> keys(Set<String> fileNames) {
        Set<String> bases = new TreeSet<>();
        for (String name : fileNames) {
            int dot = name.lastIndexOf('.');
            bases.add(dot > 0 ? name.substring(0, dot) : name);
        }
        Set<String> sharedProfiles = new TreeSet<>();
        TreeMap<String, Set<String>> profilesByApplication = new TreeMap<>();
        for (String base : bases) {
            if (base.equals("application")) {
                continue;
            }
            if (base.startsWith("application-")) {
                sharedProfiles.add(base.substring("application-".length()));
                continue;
            }
            int split = splitPoint(base, bases);
            if (split < 0) {
                profilesByApplication.computeIfAbsent(base, ignored -> new TreeSet<>());
            } else {
                profilesByApplication
                        .computeIfAbsent(base.substring(0, split), ignored -> new TreeSet<>())
                        .add(base.substring(split + 1));
            }
        }
        List<ConfigKey> keys = new ArrayList<>();
        profilesByApplication.forEach((application, own) -> {
            Set<String> profiles = new TreeSet<>(own);
            profiles.addAll(sharedProfiles);
            profiles.add("default");
            for (String profile : profiles) {
                keys.add(new ConfigKey(application, profile, null));
            }
        });
        if (keys.size() > MAX_KEYS) {
            LOG.warn("the repository describes {} keys; resolving the first {} only", keys.size(), MAX_KEYS);
            return keys.subList(0, MAX_KEYS);
        }
        return keys;
    }

    /** Where {@code base} splits into application and profile, or -1 when it is an application itself. */
    private static int splitPoint(String base, Set<String> bases) {
        for (int dash = base.lastIndexOf('-'); dash > 0; dash = base.lastIndexOf('-', dash - 1)) {
            if (bases.contains(base.substring(0, dash))) {
                return dash;
            }
        }
        return -1;
    }
}

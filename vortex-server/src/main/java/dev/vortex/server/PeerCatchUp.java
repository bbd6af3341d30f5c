package dev.vortex.server;

import dev.vortex.server.backplane.RemoteChanges;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfigCache;
import dev.vortex.server.config.SourceRefresher;
import dev.vortex.server.realtime.RealtimeEndpoint;

/**
 * How this instance catches up with a change another instance detected: it refreshes its own source (a Git
 * fetch, a directory scan; coalesced, so a burst of changes costs one), and the refresh re-resolves the
 * affected keys through the cache, whose resolutions reach the real-time layer as for a change detected
 * here. Versions are content hashes, the same on every instance, so a change already delivered here is
 * skipped, and the real-time layer never delivers one version twice. What this instance finds while catching
 * up is not announced again: the instance that detected the change told everybody.
 */
final class PeerCatchUp implements RemoteChanges {
    private final RealtimeEndpoint realtime;
    private final ResolvedConfigCache cache;
    private final SourceRefresher refresher;

    PeerCatchUp(RealtimeEndpoint realtime, ResolvedConfigCache cache, SourceRefresher refresher) {
        this.realtime = realtime;
        this.cache = cache;
        this.refresher = refresher;
    }

    @Override
    public void changed(ConfigKey key, String version) {
        if (realtime.currentVersion(key).filter(version::equals).isEmpty()) {
            refresher.catchUpSoon();
        }
    }

    @Override
    public void sourceMoved() {
        // The poller fetched new commits: fetch them too, now rather than at a poll of this instance's own
        // (which an instance that is not the poller skips).
        refresher.catchUpSoon();
    }

    @Override
    public void missed() {
        refresher.catchUpSoon();
        // A refresh re-resolves what the source reports as changed; this re-resolves every followed key
        // whatever the source says, so every client converges even if this instance's view was stale.
        cache.reloadTracked();
    }
}

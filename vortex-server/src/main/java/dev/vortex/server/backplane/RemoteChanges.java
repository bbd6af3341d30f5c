package dev.vortex.server.backplane;

import dev.vortex.server.config.ConfigKey;

/**
 * What an instance does when the backplane tells it of changes other instances detected. Implementations
 * must not block: they are called on an event loop.
 */
public interface RemoteChanges {

    /**
     * Another instance resolved {@code key} to {@code version}. The receiver catches up through its own
     * source and cache (versions are content hashes, the same on every instance), and delivers only a change
     * it has not delivered yet.
     */
    void changed(ConfigKey key, String version);

    /**
     * Changes may have been missed (the connection to the backplane was lost, or the backlog was trimmed):
     * re-resolve every key that clients follow, so that each converges to the current config.
     */
    void missed();

    /**
     * Another instance's source moved (it polled or got a webhook and fetched new commits): the receiver
     * refreshes its own source, so that its answers converge to the same commit even for keys no client
     * follows.
     */
    void sourceMoved();
}

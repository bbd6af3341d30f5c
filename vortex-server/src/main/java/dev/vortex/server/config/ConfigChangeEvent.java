package dev.vortex.server.config;

/**
 * The resolved config of a key changed.
 *
 * @param previous the config before, or {@code null} when this instance had not seen the key before
 * @param current the config now
 * @param detectedAtNanos {@link System#nanoTime()} when the change was detected, for the broadcast latency
 */
public record ConfigChangeEvent(ResolvedConfig previous, ResolvedConfig current, long detectedAtNanos) {

    /** The key that changed. */
    public ConfigKey key() {
        return current.key();
    }
}

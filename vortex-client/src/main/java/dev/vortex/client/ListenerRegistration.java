package dev.vortex.client;

/** A registered listener; {@link #remove()} (or {@link #close()}) stops further calls. */
public interface ListenerRegistration extends AutoCloseable {
    /** Removes the listener; a call under way finishes. Idempotent. */
    void remove();

    /** Same as {@link #remove()}. */
    @Override
    default void close() {
        remove();
    }
}

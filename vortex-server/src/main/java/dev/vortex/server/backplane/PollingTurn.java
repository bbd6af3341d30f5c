package dev.vortex.server.backplane;

/**
 * Whether this instance polls a source that several instances share (a Git remote), or leaves it to another
 * that announces what it finds on the backplane. Without a shared backplane every instance polls.
 */
public interface PollingTurn extends AutoCloseable {

    /** Every instance polls: a single instance, or a source no other instance shares. */
    PollingTurn ALWAYS = new PollingTurn() {
        @Override
        public boolean pollsNow() {
            return true;
        }

        @Override
        public void close() {}
    };

    /**
     * Whether this instance should poll now: it is the elected poller, or it cannot tell that another one is
     * polling and announcing (Redis unreachable), in which case it polls on its own so that no change is lost.
     * Never blocks.
     */
    boolean pollsNow();

    /** Gives the turn up (on a clean shutdown), so that another instance takes it at once. */
    @Override
    void close();
}

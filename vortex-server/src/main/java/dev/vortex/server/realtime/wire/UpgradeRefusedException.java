package dev.vortex.server.realtime.wire;

/**
 * A WebSocket upgrade that cannot be made (not HTTP/1.1, an unsupported WebSocket version); answered with
 * {@link #status()} while the connection is still HTTP.
 */
public final class UpgradeRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    UpgradeRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}

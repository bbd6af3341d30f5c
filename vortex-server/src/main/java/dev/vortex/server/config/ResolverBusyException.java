package dev.vortex.server.config;

/** Every resolver thread is busy and the queue is full; maps to HTTP 503 so that clients retry. */
public final class ResolverBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message for the client. */
    public ResolverBusyException() {
        super("Too many configs are being resolved at once; retry shortly");
    }
}

package dev.vortex.server.realtime.protocol;

/** A client message was refused; becomes an {@code error} message with {@link #code()}. */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code the protocol error code
     * @param message what was wrong, naming the bad value
     */
    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The protocol error code. */
    public ErrorCode code() {
        return code;
    }
}

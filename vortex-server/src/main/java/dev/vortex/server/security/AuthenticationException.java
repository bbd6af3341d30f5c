package dev.vortex.server.security;

/** Missing or bad credentials; answered with HTTP 401 before any upgrade. */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean missing;

    /** @param message what was wrong with the credentials (never the credentials themselves) */
    public AuthenticationException(String message) {
        this(message, false);
    }

    private AuthenticationException(String message, boolean missing) {
        super(message, null, false, false);
        this.missing = missing;
    }

    /**
     * The request presented no credentials at all: not a failed attempt (a browser's first request, a client
     * not configured yet), so neither logged, counted nor slowed down.
     */
    public static AuthenticationException missing(String message) {
        return new AuthenticationException(message, true);
    }

    /** Whether no credentials were presented, rather than bad ones. */
    public boolean missing() {
        return missing;
    }
}

package dev.vortex.server.security;

/** Missing or bad credentials; answered with HTTP 401 before any upgrade. */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong with the credentials (never the credentials themselves) */
    public AuthenticationException(String message) {
        super(message, null, false, false);
    }
}

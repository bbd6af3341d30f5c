package dev.vortex.client;

import java.util.OptionalInt;

/** The client could not get a config: the server refused the key, or was unreachable with no cache. */
public class VortexClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param message what failed, naming the URL or key
     * @param status the HTTP status of a refused upgrade, or -1
     * @param cause the underlying failure, or {@code null}
     */
    public VortexClientException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status with which the server refused the WebSocket upgrade (401, 403, 404, ...), if it did. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** Whether the server answered and refused the key (401, 403, 404): retrying will not help. */
    public boolean refused() {
        return status == 401 || status == 403 || status == 404;
    }
}

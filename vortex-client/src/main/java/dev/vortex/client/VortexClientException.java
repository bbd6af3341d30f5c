package dev.vortex.client;

import java.util.OptionalInt;

/**
 * The client could not get a config, or gave up: the server refused the key or the credentials (at the upgrade, or by
 * closing the connection with 1008), or was unreachable with no cache.
 */
public class VortexClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final int closeCode;

    /**
     * @param message what failed, naming the URL or key
     * @param status the HTTP status of a refused upgrade, or -1
     * @param cause the underlying failure, or {@code null}
     */
    public VortexClientException(String message, int status, Throwable cause) {
        this(message, status, -1, cause);
    }

    /** As the public constructor, for a connection the server closed with {@code closeCode} (or -1). */
    VortexClientException(String message, int status, int closeCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.closeCode = closeCode;
    }

    /** The HTTP status with which the server refused the WebSocket upgrade (401, 403, 404, ...), if it did. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /**
     * The WebSocket close code with which the server ended the connection when that made the client give up (1008,
     * policy violation: credentials revoked or expired, key no longer readable), if it did.
     */
    public OptionalInt closeCode() {
        return closeCode < 0 ? OptionalInt.empty() : OptionalInt.of(closeCode);
    }

    /**
     * Whether the server answered and refused the key or the credentials (401, 403, 404 on the upgrade, or a close
     * with 1008): retrying will not help.
     */
    public boolean refused() {
        return status == 401 || status == 403 || status == 404 || closeCode == ClientEngine.POLICY_VIOLATION;
    }
}

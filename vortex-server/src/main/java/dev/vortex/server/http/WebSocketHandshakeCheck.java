package dev.vortex.server.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.Base64;
import java.util.Locale;

/**
 * The parts of an upgrade request that RFC 6455 section 4.2.1 requires, checked while the request is still
 * plain HTTP, so that a malformed one is answered 400 instead of failing inside the handshake (where nothing
 * could answer it any more).
 */
final class WebSocketHandshakeCheck {
    /** The only WebSocket version this server speaks (RFC 6455); any other is answered 426. */
    static final String SUPPORTED_VERSION = "13";

    private WebSocketHandshakeCheck() {}

    /**
     * What is malformed in {@code request}, or {@code null} when its handshake headers are complete. A version
     * other than 13 is not malformed: the caller answers it with 426.
     */
    static String problem(HttpServerRequest request) {
        String connection = request.getHeader("Connection");
        if (connection == null || !hasToken(connection, "upgrade")) {
            return "A WebSocket upgrade needs 'Connection: Upgrade', was '" + connection + "'";
        }
        String version = request.getHeader("Sec-WebSocket-Version");
        if (version == null || version.isBlank()) {
            return "Missing Sec-WebSocket-Version header; this server speaks version " + SUPPORTED_VERSION;
        }
        String key = request.getHeader("Sec-WebSocket-Key");
        if (key == null || key.isBlank()) {
            return "Missing Sec-WebSocket-Key header";
        }
        if (!isNonce(key.trim())) {
            return "Sec-WebSocket-Key '" + key + "' is not a base64-encoded 16-byte value";
        }
        return null;
    }

    private static boolean hasToken(String header, String token) {
        for (String part : header.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNonce(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package dev.vortex.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Reads the {@code exp} claim of a JWT, to know when to ask for a fresh token. The signature is not checked:
 * the server does that; the client only needs the time, and a token it cannot read is simply not renewed
 * before it expires (the server then closes with {@code TOKEN_EXPIRED} and the client reconnects).
 */
final class JwtExpiry {
    private JwtExpiry() {}

    /** When {@code token} expires (epoch milliseconds), or empty when it is no JWT or has no numeric exp. */
    static OptionalLong of(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            JsonNode claims = ConfigTrees.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims == null ? null : claims.get("exp");
            if (exp == null || !exp.isNumber()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.multiplyExact(exp.asLong(), 1000L));
        } catch (IOException | IllegalArgumentException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }
}

package dev.vortex.server.realtime;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The server's side of the {@code permessage-deflate} negotiation (RFC 7692 section 7.1), done by Vortex
 * itself so that the 101 answer never names an extension the connection's pipeline cannot speak.
 *
 * <p>The answer is always {@value #RESPONSE}:
 *
 * <ul>
 *   <li>{@code server_no_context_takeover}: each server message is compressed on its own, so one
 *       compressed frame serves every recipient (see {@link FrameDeflater});
 *   <li>{@code client_no_context_takeover}: each client message is compressed on its own too, so the server
 *       inflates a message with an inflater made for it and released at its end, and an idle connection
 *       holds no inflater. RFC 7692 lets a server ask for it whether or not the client offered it, and a
 *       conforming client must then comply. A client that refuses it fails its own handshake (Netty's and
 *       Vert.x's clients do unless told to allow it: {@code
 *       WebSocketClientOptions.setCompressionAllowClientNoContext(true)}); a client that accepts it and
 *       compresses with context anyway sends messages that cannot be inflated alone, and is closed with 1007.
 * </ul>
 *
 * <p>An offer is declined (and the next one tried) when it has an unknown or repeated parameter, an invalid
 * value, or asks for a server window under 15 bits: the JDK's {@link java.util.zip.Deflater} always
 * compresses with a 32 KiB window. {@code client_max_window_bits} needs no answer: the server's inflater reads
 * any window size.
 */
final class PerMessageDeflate {
    /** The extension's name, as offered and answered. */
    static final String NAME = "permessage-deflate";
    /** The answer to every accepted offer. */
    static final String RESPONSE = NAME + "; server_no_context_takeover; client_no_context_takeover";

    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final Set<String> KNOWN_PARAMETERS = Set.of(
            "server_no_context_takeover",
            "client_no_context_takeover",
            SERVER_MAX_WINDOW_BITS,
            "client_max_window_bits");

    private PerMessageDeflate() {}

    /**
     * The {@code Sec-WebSocket-Extensions} answer to the client's offers.
     *
     * @param offers the request's {@code Sec-WebSocket-Extensions} header values (each may list several
     *     offers, comma-separated, in the client's order of preference)
     * @return the answer, or empty when no offer of {@code permessage-deflate} is acceptable
     */
    static Optional<String> negotiate(List<String> offers) {
        for (String header : offers) {
            for (String offer : header.split(",")) {
                String[] parts = offer.split(";");
                if (parts[0].trim().equalsIgnoreCase(NAME) && acceptable(parts)) {
                    return Optional.of(answerTo(parts));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean acceptable(String[] parts) {
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals))
                    .trim()
                    .toLowerCase(Locale.ROOT);
            String value =
                    equals < 0 ? null : unquote(parameter.substring(equals + 1).trim());
            if (!KNOWN_PARAMETERS.contains(name) || !seen.add(name)) {
                return false;
            }
            boolean validValue =
                    switch (name) {
                        case SERVER_MAX_WINDOW_BITS -> "15".equals(value);
                        case "client_max_window_bits" -> value == null || windowBits(value);
                        default -> value == null;
                    };
            if (!validValue) {
                return false;
            }
        }
        return true;
    }

    /** RFC 7692 section 7.1.2.1: an accepted {@code server_max_window_bits} is answered with its value. */
    private static String answerTo(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].trim().toLowerCase(Locale.ROOT).startsWith(SERVER_MAX_WINDOW_BITS)) {
                return RESPONSE + "; " + SERVER_MAX_WINDOW_BITS + "=15";
            }
        }
        return RESPONSE;
    }

    private static boolean windowBits(String value) {
        return value.matches("[89]|1[0-5]");
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}

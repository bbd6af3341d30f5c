package dev.vortex.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Rejects a request whose raw path tries to leave the config repository, before routing.
 *
 * <p>It must look at the raw path: the router normalises {@code /a/../b} to {@code /b} and decodes
 * {@code %2F} into path parameters, which would hide the attempt. Every segment is percent-decoded
 * repeatedly (so double encoding such as {@code %252e%252e} is caught) and refused when it contains
 * {@code ..}, a slash or backslash (which can only come from an encoding), or a control character.
 */
final class RequestPathGuard implements Handler<RoutingContext> {
    private static final int MAX_DECODING_ROUNDS = 4;

    @Override
    public void handle(RoutingContext ctx) {
        String rawPath = ctx.request().path();
        if (rawPath == null) {
            ctx.fail(HttpError.badRequest("Missing request path"));
            return;
        }
        for (String segment : rawPath.split("/", -1)) {
            String problem = problemWith(segment);
            if (problem != null) {
                ctx.fail(HttpError.badRequest("Invalid path segment '" + segment + "': " + problem));
                return;
            }
        }
        ctx.next();
    }

    /** The reason {@code segment} is refused, or {@code null} if it is safe. */
    static String problemWith(String segment) {
        String decoded = segment;
        for (int round = 0; round < MAX_DECODING_ROUNDS && decoded.indexOf('%') >= 0; round++) {
            try {
                decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "malformed percent-encoding";
            }
        }
        if (decoded.contains("..") || decoded.equals(".")) {
            return "relative path elements are not allowed";
        }
        if (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0) {
            return "encoded path separators are not allowed";
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control characters are not allowed";
            }
        }
        return null;
    }
}

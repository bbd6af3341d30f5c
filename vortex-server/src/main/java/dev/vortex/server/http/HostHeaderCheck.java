package dev.vortex.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;

/**
 * Refuses an HTTP/1.1 request without exactly one usable {@code Host} header with 400, as RFC 9112 section
 * 3.2 requires. It runs before the router, which would otherwise fail such a request as a 500 while working
 * out its absolute URI. A folded {@code Host} line arrives here unfolded with a space, and is refused too.
 */
final class HostHeaderCheck implements Handler<HttpServerRequest> {
    private final Handler<HttpServerRequest> next;
    private final ErrorResponder errors;

    HostHeaderCheck(Handler<HttpServerRequest> next, ErrorResponder errors) {
        this.next = next;
        this.errors = errors;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String problem = problem(request);
        if (problem != null) {
            errors.send(request, 400, problem);
            return;
        }
        next.handle(request);
    }

    private static String problem(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1) {
            return null;
        }
        List<String> hosts = request.headers().getAll("Host");
        if (hosts.isEmpty()) {
            return "Missing Host header (required in HTTP/1.1)";
        }
        if (hosts.size() > 1) {
            return "More than one Host header: " + hosts;
        }
        if (!validHost(hosts.get(0)) || !hasAuthority(request)) {
            return "Invalid Host header '" + hosts.get(0) + "'";
        }
        return null;
    }

    private static boolean hasAuthority(HttpServerRequest request) {
        try {
            return request.authority() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A host name, IPv4 or bracketed IPv6 address, with an optional port: no spaces, slashes or controls. */
    private static boolean validHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '/' || c == '\\' || c == '@' || c == '?' || c == '#') {
                return false;
            }
        }
        return true;
    }
}

package dev.vortex.server.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.List;

/**
 * Who a request comes from, behind load balancers ({@code --trusted-proxies}): the TCP peer, unless the peer is a
 * trusted proxy, in which case the client is read from {@code X-Forwarded-For}.
 *
 * <p>The header is walked from the right, as nginx's {@code real_ip_recursive} and Tomcat's {@code RemoteIpValve}
 * do: each trusted proxy appends the address it was connected from, so the rightmost entry that is not itself a
 * trusted proxy is the client; whatever stands to its left was written by the client and is ignored (a client
 * that sends {@code X-Forwarded-For: 1.2.3.4} is still counted under its own address). When every entry is a
 * trusted proxy, the leftmost is the client. Several {@code X-Forwarded-For} lines count as one list, in order
 * (RFC 9110 section 5.3), so that a proxy adding a line of its own cannot be outvoted by the client's line. An entry
 * that is not an IP address (with an optional port: {@code 192.0.2.7:4711}, {@code [2001:db8::7]:4711}) met before
 * the client is found makes the header worthless: the peer is the client then. When the peer is not trusted, the
 * header is not even read. Empty (the default), nobody is trusted.
 *
 * <p>{@code Forwarded} (RFC 7239) is not read: a proxy writes one of the two headers and passes the other on from
 * the client untouched, so reading both, without knowing which one the proxy writes, would let a client choose its
 * address through the other.
 *
 * <p>Addresses are written as {@link InetAddress#getHostAddress()} writes them (as the failure delay counts peers),
 * so that one client has one spelling. Immutable and thread-safe; nothing is ever looked up in DNS.
 */
public final class TrustedProxies {
    /** Trusts nobody: every client is its TCP peer. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final List<IpRange> ranges;

    private TrustedProxies(List<IpRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** The proxies in {@code ranges}; {@link #NONE} when it is empty. */
    public static TrustedProxies of(List<IpRange> ranges) {
        return ranges.isEmpty() ? NONE : new TrustedProxies(ranges);
    }

    /** The ranges trusted, as they were written. */
    public List<IpRange> ranges() {
        return ranges;
    }

    /** Whether no proxy is trusted (every client is its TCP peer). */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * The client's address as a trusted proxy in front of this server reported it, or {@code null} when the client
     * is the TCP peer itself: no proxy trusted, a peer that is not one, or no usable {@code X-Forwarded-For}.
     */
    public String forwardedClient(HttpServerRequest request) {
        if (ranges.isEmpty()) {
            return null;
        }
        SocketAddress peer = request.remoteAddress();
        if (peer == null || peer.hostAddress() == null) {
            return null;
        }
        String client = clientAddress(peer.hostAddress(), request.headers().getAll(X_FORWARDED_FOR));
        return client.equals(peer.hostAddress()) ? null : client;
    }

    /**
     * The client's address: {@link #forwardedClient} when a trusted proxy reported one, the TCP peer's otherwise
     * ({@code unknown} if there is none, on a Unix domain socket say).
     */
    public String clientAddress(HttpServerRequest request) {
        String forwarded = forwardedClient(request);
        if (forwarded != null) {
            return forwarded;
        }
        SocketAddress peer = request.remoteAddress();
        return peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
    }

    /**
     * The client of a request from {@code peer} that carried {@code forwardedFor} (the {@code X-Forwarded-For}
     * lines, in order; none when it had none).
     *
     * @param peer the TCP peer's address, as {@link InetAddress#getHostAddress()} writes it
     */
    String clientAddress(String peer, List<String> forwardedFor) {
        if (ranges.isEmpty() || forwardedFor.isEmpty() || !trusts(IpRange.literal(peer))) {
            return peer;
        }
        InetAddress leftmost = null;
        // From the last line's last entry leftwards, without splitting: a long header costs no garbage.
        for (int line = forwardedFor.size() - 1; line >= 0; line--) {
            String header = forwardedFor.get(line);
            int end = header.length();
            while (end >= 0) {
                int comma = header.lastIndexOf(',', end - 1);
                String entry =
                        header.substring(comma + 1, Math.max(comma + 1, end)).trim();
                end = comma;
                if (entry.isEmpty()) {
                    // RFC 9110 section 5.6.1: empty list elements are ignored.
                    continue;
                }
                InetAddress hop = entryAddress(entry);
                if (hop == null) {
                    return peer;
                }
                if (!trusts(hop)) {
                    return hop.getHostAddress();
                }
                leftmost = hop;
            }
        }
        return leftmost == null ? peer : leftmost.getHostAddress();
    }

    private boolean trusts(InetAddress address) {
        if (address == null) {
            return false;
        }
        for (IpRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The address of one {@code X-Forwarded-For} entry: an IP address, an IPv6 one in brackets, either with a port
     * (as some load balancers write them); {@code null} for anything else.
     */
    private static InetAddress entryAddress(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || !(close == entry.length() - 1 || isPort(entry, close + 1))) {
                return null;
            }
            String inside = entry.substring(1, close);
            // Brackets hold an IPv6 address only.
            return inside.indexOf(':') >= 0 ? IpRange.literal(inside) : null;
        }
        int colon = entry.indexOf(':');
        if (colon >= 0 && colon == entry.lastIndexOf(':')) {
            // One colon: an IPv4 address and its port (an IPv6 address has at least two).
            return isPort(entry, colon) ? IpRange.literal(entry.substring(0, colon)) : null;
        }
        return IpRange.literal(entry);
    }

    /** Whether {@code entry} ends, from {@code colon} on, with {@code :} and a port number. */
    private static boolean isPort(String entry, int colon) {
        int digits = entry.length() - colon - 1;
        if (entry.charAt(colon) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        for (int i = colon + 1; i < entry.length(); i++) {
            if (entry.charAt(i) < '0' || entry.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}

package dev.vortex.server.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a request comes from, behind load balancers ({@code --trusted-proxies}): the TCP peer, unless the peer is a
 * trusted proxy, in which case the client is read from the header the proxies write ({@code
 * --client-address-header}): {@code X-Forwarded-For} by default.
 *
 * <p>The header is walked from the right, as nginx's {@code real_ip_recursive} and Tomcat's {@code RemoteIpValve}
 * do: each trusted proxy appends the address it was connected from, so the rightmost entry that is not itself a
 * trusted proxy is the client; whatever stands to its left was written by the client and is ignored (a client
 * that sends {@code X-Forwarded-For: 1.2.3.4} is still counted under its own address). When every entry is a
 * trusted proxy, the leftmost is the client. Several lines of the header count as one list, in order (RFC 9110
 * section 5.3), so that a proxy adding a line of its own cannot be outvoted by the client's line. An entry that is
 * not an IP address (with an optional port: {@code 192.0.2.7:4711}, {@code [2001:db8::7]:4711}) met before the
 * client is found makes the header worthless: the peer is the client then. When the peer is not trusted, the
 * header is not even read. Empty (the default), nobody is trusted.
 *
 * <p>One header only, the one named: a proxy writes one of {@code X-Forwarded-For} and {@code Forwarded} and
 * passes the other on from the client untouched, so reading both would let a client choose its address through
 * the one its proxy does not write. {@code Forwarded} (RFC 7239) is read for the {@code for} parameter of each
 * element ({@code for=192.0.2.60;proto=https}, {@code for="[2001:db8::7]:4711"}); an element without one, or whose
 * node is {@code unknown} or obfuscated ({@code _hidden}), is no address. Any other header name is read as {@code
 * X-Forwarded-For} is, a list of addresses (a single one for {@code X-Real-IP} and the like).
 *
 * <p>Addresses are written as {@link InetAddress#getHostAddress()} writes them (as the failure delay counts peers),
 * so that one client has one spelling. Immutable and thread-safe; nothing is ever looked up in DNS.
 */
public final class TrustedProxies {
    /** The header read by default: what nginx, HAProxy and the cloud load balancers write. */
    public static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /** The standard header (RFC 7239), whose elements name the client in a {@code for} parameter. */
    public static final String FORWARDED = "Forwarded";

    /** Trusts nobody: every client is its TCP peer. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), X_FORWARDED_FOR);

    /** RFC 9110 section 5.1: a field name is a token. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final List<IpRange> ranges;
    private final String header;
    private final boolean forwarded;

    private TrustedProxies(List<IpRange> ranges, String header) {
        this.ranges = List.copyOf(ranges);
        this.header = header;
        this.forwarded = header.equalsIgnoreCase(FORWARDED);
    }

    /** The proxies in {@code ranges}, whose {@code X-Forwarded-For} names the client; {@link #NONE} when empty. */
    public static TrustedProxies of(List<IpRange> ranges) {
        return of(ranges, X_FORWARDED_FOR);
    }

    /**
     * The proxies in {@code ranges}, which name the client in {@code header}; {@link #NONE} when {@code ranges} is
     * empty.
     *
     * @throws IllegalArgumentException naming {@code header} when it is not a header name
     */
    public static TrustedProxies of(List<IpRange> ranges, String header) {
        String name = checkHeader(header);
        return ranges.isEmpty() ? NONE : new TrustedProxies(ranges, name);
    }

    /**
     * {@code header}, trimmed, if it is a header name.
     *
     * @throws IllegalArgumentException naming it when it is not
     */
    public static String checkHeader(String header) {
        String name = header == null ? "" : header.trim();
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a header name (such as " + X_FORWARDED_FOR + " or " + FORWARDED + ")");
        }
        return name;
    }

    /** The header the proxies name the client in. */
    public String header() {
        return header;
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
     * is the TCP peer itself: no proxy trusted, a peer that is not one, or no usable {@link #header()}.
     */
    public String forwardedClient(HttpServerRequest request) {
        if (ranges.isEmpty()) {
            return null;
        }
        SocketAddress peer = request.remoteAddress();
        if (peer == null || peer.hostAddress() == null) {
            return null;
        }
        String client = clientAddress(peer.hostAddress(), request.headers().getAll(header));
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
     * The client of a request from {@code peer} that carried {@code forwardedFor} (the lines of {@link #header()},
     * in order; none when it had none).
     *
     * @param peer the TCP peer's address, as {@link InetAddress#getHostAddress()} writes it
     */
    String clientAddress(String peer, List<String> forwardedFor) {
        if (ranges.isEmpty() || forwardedFor.isEmpty() || !trusts(IpRange.literal(peer))) {
            return peer;
        }
        InetAddress leftmost = null;
        // From the last line's last entry leftwards, one entry at a time: whatever stands left of the client (all
        // the client may have written, however long) is never even cut out.
        for (int line = forwardedFor.size() - 1; line >= 0; line--) {
            String text = forwardedFor.get(line);
            int end = text.length();
            while (end >= 0) {
                int comma = text.lastIndexOf(',', end - 1);
                String entry =
                        text.substring(comma + 1, Math.max(comma + 1, end)).trim();
                end = comma;
                if (entry.isEmpty()) {
                    // RFC 9110 section 5.6.1: empty list elements are ignored.
                    continue;
                }
                InetAddress hop = entryAddress(forwarded ? forwardedFor(entry) : entry);
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
     * The node of the {@code for} parameter of one {@code Forwarded} element, without its quotes; {@code null}
     * when it has none.
     */
    private static String forwardedFor(String element) {
        int start = 0;
        while (start < element.length()) {
            int end = element.indexOf(';', start);
            if (end < 0) {
                end = element.length();
            }
            int equals = element.indexOf('=', start);
            if (equals > start
                    && equals < end
                    && element.substring(start, equals).trim().equalsIgnoreCase("for")) {
                String value = element.substring(equals + 1, end).trim();
                boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
                return quoted ? value.substring(1, value.length() - 1) : value;
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * The address of one entry: an IP address, an IPv6 one in brackets, either with a port (as some load balancers
     * write them); {@code null} for anything else.
     */
    private static InetAddress entryAddress(String entry) {
        if (entry == null) {
            return null;
        }
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

    /**
     * Whether {@code entry} ends, from {@code colon} on, with {@code :} and a port: a number, or an obfuscated port
     * of RFC 7239 ({@code _abc}).
     */
    private static boolean isPort(String entry, int colon) {
        if (entry.charAt(colon) != ':') {
            return false;
        }
        String port = entry.substring(colon + 1);
        return port.matches("\\d{1,5}|_[A-Za-z0-9._-]+");
    }

    /** The ranges, and the header when it is not the default: {@code [10.0.0.0/8] (Forwarded)}. */
    @Override
    public String toString() {
        return header.equalsIgnoreCase(X_FORWARDED_FOR) ? ranges.toString() : ranges + " (" + header + ")";
    }
}

package dev.vortex.server.security;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A block of IP addresses, written as a CIDR range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or a single address
 * ({@code 192.0.2.7}, {@code ::1}); one entry of {@code --trusted-proxies}. The matching is Netty's ({@link
 * IpSubnetFilterRule}); the parsing here only adds what an operator needs: a host name is refused rather than looked
 * up in DNS, and every refusal names the value and why.
 *
 * <p>Immutable and thread-safe. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.7}) is its IPv4 address, as the
 * JDK reports a peer that connected over IPv4 to a dual-stack socket.
 */
public final class IpRange {
    private final String text;
    private final IpSubnetFilterRule rule;

    private IpRange(String text, IpSubnetFilterRule rule) {
        this.text = text;
        this.rule = rule;
    }

    /**
     * Reads a range, or a single address (a range of one).
     *
     * @throws IllegalArgumentException naming {@code value} when it is not an IP address or CIDR range
     */
    public static IpRange parse(String value) {
        String text = value == null ? "" : value.trim();
        int slash = text.indexOf('/');
        String addressPart = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = literal(addressPart);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range (such as 192.0.2.7,"
                    + " 10.0.0.0/8 or 2001:db8::/32); host names are not looked up");
        }
        int maxPrefix = address instanceof Inet4Address ? 32 : 128;
        int prefix = maxPrefix;
        if (slash >= 0) {
            String prefixPart = text.substring(slash + 1);
            prefix = prefixPart.matches("\\d{1,3}") ? Integer.parseInt(prefixPart) : -1;
            if (prefix < 0 || prefix > maxPrefix) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR range: the prefix length of an IPv"
                        + (maxPrefix == 32 ? "4" : "6") + " range is 0 to " + maxPrefix);
            }
        }
        return new IpRange(text, new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
    }

    /** Whether {@code address} is in this range. */
    public boolean contains(InetAddress address) {
        return rule.matches(new InetSocketAddress(address, 0));
    }

    /**
     * The address an IP literal ({@code 192.0.2.7}, {@code 2001:db8::1}) writes, an IPv4-mapped IPv6 one as its IPv4
     * address; {@code null} for anything else. Never a DNS lookup.
     */
    static InetAddress literal(String text) {
        // Null unless the text is a valid IPv4 or IPv6 literal (Netty checks it first).
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return null;
        }
        try {
            // From bytes: never a lookup. The JDK turns the 16 bytes of an IPv4-mapped address into its IPv4 one.
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The range as it was written. */
    @Override
    public String toString() {
        return text;
    }
}

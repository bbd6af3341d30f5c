package dev.vortex.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which address a request comes from behind trusted proxies ({@code --trusted-proxies}): the ranges and their
 * parsing, and the walk of {@code X-Forwarded-For} from the right.
 */
class TrustedProxiesTest {
    private static final String PEER = "10.0.0.5";
    private static final TrustedProxies LOAD_BALANCERS = proxies("10.0.0.0/8", "2001:db8:1::/48", "192.0.2.7");

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.0.1, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "10.1.2.3/8, 10.9.9.9, true", // host bits are ignored, as nginx and Netty do
        "192.0.2.7, 192.0.2.7, true",
        "192.0.2.7, 192.0.2.8, false",
        "0.0.0.0/0, 203.0.113.7, true",
        "0.0.0.0/0, 2001:db8::1, false", // an IPv4 range holds no IPv6 address
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "::1, 0:0:0:0:0:0:0:1, true",
        "127.0.0.1, ::ffff:127.0.0.1, true", // an IPv4-mapped address is its IPv4 address
        "' 172.16.0.0/12 ', 172.31.255.255, true",
    })
    void aRange_holdsTheAddressesOfItsPrefix(String range, String address, boolean contained) {
        assertThat(IpRange.parse(range).contains(IpRange.literal(address))).isEqualTo(contained);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "lb.internal | 'lb.internal' is not an IP address or CIDR range (such as 192.0.2.7, 10.0.0.0/8 or"
                        + " 2001:db8::/32); host names are not looked up",
                "10.0.0.0/33 | '10.0.0.0/33' is not a CIDR range: the prefix length of an IPv4 range is 0 to 32",
                "2001:db8::/129 | '2001:db8::/129' is not a CIDR range: the prefix length of an IPv6 range is 0 to 128",
                "10.0.0.0/ | '10.0.0.0/' is not a CIDR range: the prefix length of an IPv4 range is 0 to 32",
                "10.0.0.0/-1 | '10.0.0.0/-1' is not a CIDR range",
                "10.0.0.0/8/8 | '10.0.0.0/8/8' is not a CIDR range",
                "10.0.0 | '10.0.0' is not an IP address or CIDR range",
                "256.0.0.1 | '256.0.0.1' is not an IP address or CIDR range",
                "\"\" | '' is not an IP address or CIDR range",
            })
    void aMalformedRange_isRefused_namingItAndWhy(String range, String message) {
        assertThatThrownBy(() -> IpRange.parse(range))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aRange_printsAsItWasWritten() {
        assertThat(LOAD_BALANCERS.ranges())
                .map(IpRange::toString)
                .containsExactly("10.0.0.0/8", "2001:db8:1::/48", "192.0.2.7");
        assertThat(TrustedProxies.of(List.of())).isSameAs(TrustedProxies.NONE);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // The client of a trusted peer: the rightmost entry that is no trusted proxy.
                "203.0.113.7 | 203.0.113.7",
                "1.2.3.4, 203.0.113.7 | 203.0.113.7", // the client's own entry on the left is ignored
                "203.0.113.7, 10.0.0.9 | 203.0.113.7", // a second trusted proxy in the chain is skipped
                "203.0.113.7, 192.0.2.7, 10.1.1.1 | 203.0.113.7",
                "10.0.0.1, 10.0.0.2 | 10.0.0.1", // every entry a proxy: the leftmost
                "203.0.113.7:4711 | 203.0.113.7", // with a port, as some balancers write it
                "2001:db8:9::7 | 2001:db8:9:0:0:0:0:7", // written as the JDK writes a peer's address
                "[2001:DB8:9::7]:4711 | 2001:db8:9:0:0:0:0:7",
                "[2001:db8:9::7] | 2001:db8:9:0:0:0:0:7",
                "::ffff:203.0.113.7 | 203.0.113.7",
                "'203.0.113.7,, ' | 203.0.113.7", // empty list elements are ignored
                "garbage, 203.0.113.7 | 203.0.113.7", // left of the client: never read
                // Nothing usable: the peer.
                "garbage | 10.0.0.5",
                "203.0.113.7, garbage | 10.0.0.5",
                "unknown | 10.0.0.5",
                "_hidden | 10.0.0.5",
                "lb.example.com | 10.0.0.5",
                "203.0.113.7:port | 10.0.0.5",
                "203.0.113.7:123456 | 10.0.0.5",
                "[203.0.113.7] | 10.0.0.5",
                "[2001:db8::7 | 10.0.0.5",
                "[2001:db8::7]x | 10.0.0.5",
                "'' | 10.0.0.5",
                "', ,' | 10.0.0.5",
            })
    void fromATrustedPeer_theClientIsTheRightmostUntrustedEntry_andGarbageMeansThePeer(String header, String client) {
        assertThat(LOAD_BALANCERS.clientAddress(PEER, List.of(header))).isEqualTo(client);
    }

    @Test
    void severalHeaderLines_areOneList_inOrder() {
        // A proxy that adds a line of its own rather than appending to the client's: its line is the last.
        assertThat(LOAD_BALANCERS.clientAddress(PEER, List.of("1.2.3.4", "203.0.113.7")))
                .isEqualTo("203.0.113.7");
        assertThat(LOAD_BALANCERS.clientAddress(PEER, List.of("1.2.3.4", "203.0.113.7, 10.0.0.9")))
                .isEqualTo("203.0.113.7");
        assertThat(LOAD_BALANCERS.clientAddress(PEER, List.of("203.0.113.7", "10.0.0.9")))
                .isEqualTo("203.0.113.7");
        assertThat(LOAD_BALANCERS.clientAddress(PEER, List.of("garbage", "10.0.0.9")))
                .isEqualTo(PEER);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "for=203.0.113.7 | 203.0.113.7",
                "for=1.2.3.4, for=203.0.113.7;proto=https | 203.0.113.7",
                "For=\"[2001:db8:9::7]:4711\" | 2001:db8:9:0:0:0:0:7",
                "for=203.0.113.7;by=10.0.0.5, for=10.0.0.9 | 203.0.113.7",
                "proto=https; for=203.0.113.7 ;host=config.example.com | 203.0.113.7",
                "for=\"203.0.113.7:_p1\" | 203.0.113.7",
                "for=garbage, for=203.0.113.7 | 203.0.113.7",
                // Nothing usable: the peer.
                "for=unknown | 10.0.0.5",
                "for=_hidden | 10.0.0.5",
                "proto=https | 10.0.0.5",
                "for=203.0.113.7, by=10.0.0.1 | 10.0.0.5",
                "for= | 10.0.0.5",
                "for=\" | 10.0.0.5",
                "203.0.113.7 | 10.0.0.5",
            })
    void forwarded_namesTheClientInTheForParameterOfEachElement(String header, String client) {
        TrustedProxies proxies = TrustedProxies.of(LOAD_BALANCERS.ranges(), "forwarded");

        assertThat(proxies.clientAddress(PEER, List.of(header))).isEqualTo(client);
    }

    @Test
    void theHeader_isXForwardedForByDefault_anyHeaderName_andNothingElse() {
        assertThat(LOAD_BALANCERS.header()).isEqualTo("X-Forwarded-For");
        assertThat(LOAD_BALANCERS.toString()).isEqualTo("[10.0.0.0/8, 2001:db8:1::/48, 192.0.2.7]");
        TrustedProxies realIp = TrustedProxies.of(LOAD_BALANCERS.ranges(), " X-Real-IP ");
        assertThat(realIp.header()).isEqualTo("X-Real-IP");
        assertThat(realIp.toString()).isEqualTo("[10.0.0.0/8, 2001:db8:1::/48, 192.0.2.7] (X-Real-IP)");
        assertThat(realIp.clientAddress(PEER, List.of("203.0.113.7"))).isEqualTo("203.0.113.7");

        for (String bad : new String[] {"X Forwarded", "", "X-Forwarded-For:", "Forwarded\r\nX: y"}) {
            assertThatThrownBy(() -> TrustedProxies.of(LOAD_BALANCERS.ranges(), bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith(" is not a header name (such as X-Forwarded-For or Forwarded)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.99", "2001:db8:2:0:0:0:0:1", "unknown"})
    void fromAnUntrustedPeer_theHeaderIsIgnored(String peer) {
        assertThat(LOAD_BALANCERS.clientAddress(peer, List.of("203.0.113.7"))).isEqualTo(peer);
    }

    @Test
    void withoutTrustedProxies_orWithoutTheHeader_theClientIsThePeer() {
        assertThat(TrustedProxies.NONE.clientAddress(PEER, List.of("203.0.113.7")))
                .isEqualTo(PEER);
        assertThat(TrustedProxies.NONE.isEmpty()).isTrue();
        assertThat(LOAD_BALANCERS.clientAddress(PEER, List.of())).isEqualTo(PEER);
        assertThat(LOAD_BALANCERS.clientAddress("2001:db8:1:0:0:0:0:5", List.of("203.0.113.7")))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void aLongHeader_isWalkedOnlyAsFarAsTheClient() {
        String[] hops = new String[500];
        Arrays.fill(hops, "garbage");
        hops[hops.length - 1] = "203.0.113.7";

        assertThat(LOAD_BALANCERS.clientAddress(PEER, List.of(String.join(", ", hops))))
                .isEqualTo("203.0.113.7");
    }

    private static TrustedProxies proxies(String... ranges) {
        return TrustedProxies.of(Arrays.stream(ranges).map(IpRange::parse).toList());
    }
}

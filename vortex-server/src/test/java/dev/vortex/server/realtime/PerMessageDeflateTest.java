package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7692 section 7.1: which offers are accepted, and what the server answers. */
class PerMessageDeflateTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "permessage-deflate", // Firefox, Vert.x
                "permessage-deflate; client_max_window_bits", // Chromium, Node's ws, Python's websockets
                "permessage-deflate; client_max_window_bits=10",
                "permessage-deflate;client_no_context_takeover;server_no_context_takeover",
                "PerMessage-Deflate; Client_Max_Window_Bits",
                "x-webkit-deflate-frame, permessage-deflate",
                "permessage-deflate; server_max_window_bits=10, permessage-deflate",
            })
    void acceptableOffers_areAnsweredWithBothNoContextTakeovers(String offer) {
        assertThat(PerMessageDeflate.negotiate(List.of(offer))).contains(PerMessageDeflate.RESPONSE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "permessage-deflate; server_max_window_bits=15",
                "permessage-deflate; server_max_window_bits=\"15\""
            })
    void aServerWindowOf15Bits_isAcceptedAndEchoed(String offer) {
        assertThat(PerMessageDeflate.negotiate(List.of(offer)))
                .contains(PerMessageDeflate.RESPONSE + "; server_max_window_bits=15");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "x-webkit-deflate-frame",
                "permessage-deflate; server_max_window_bits=10", // the JDK's Deflater always uses 15 bits
                "permessage-deflate; server_max_window_bits",
                "permessage-deflate; client_max_window_bits=7",
                "permessage-deflate; client_max_window_bits=08",
                "permessage-deflate; client_no_context_takeover=1",
                "permessage-deflate; mystery",
                "permessage-deflate; client_max_window_bits; client_max_window_bits",
            })
    void offersTheServerCannotHonour_areDeclined(String offer) {
        assertThat(PerMessageDeflate.negotiate(List.of(offer))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void offersInSeveralHeaderLines_areTriedInOrder() {
        assertThat(PerMessageDeflate.negotiate(
                        List.of("permessage-deflate; server_max_window_bits=9", "permessage-deflate")))
                .contains(PerMessageDeflate.RESPONSE);
    }
}

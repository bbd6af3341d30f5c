package dev.vortex.server.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.server.config.KeyPattern;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client half of the codec: every message of PROTOCOL.md, and every way one can be malformed. */
class ClientMessagesTest {

    private static void assertRefused(String text, ErrorCode code, String message) {
        assertThatThrownBy(() -> ClientMessages.parse(text))
                .isInstanceOfSatisfying(ProtocolException.class, refused -> assertThat(refused.code())
                        .isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void subscribeAndUnsubscribe_carryTheirPatterns() {
        assertThat(ClientMessages.parse("{\"type\":\"subscribe\",\"patterns\":[\"orders:*:*\",\"*:prod:main\"]}"))
                .isEqualTo(new ClientMessage.Subscribe(
                        List.of(KeyPattern.parse("orders:*:*"), KeyPattern.parse("*:prod:main"))));
        assertThat(ClientMessages.parse("{\"type\":\"unsubscribe\",\"patterns\":[\"orders:*:*\"]}"))
                .isEqualTo(new ClientMessage.Unsubscribe(List.of(KeyPattern.parse("orders:*:*"))));
    }

    @Test
    void resync_ofTheOwnKey_orOfAnotherKey() {
        assertThat(ClientMessages.parse("{\"type\":\"resync\",\"last_version\":\"v1\"}"))
                .isEqualTo(new ClientMessage.Resync("v1", null, null, null));
        assertThat(ClientMessages.parse(
                        "{\"type\":\"resync\",\"last_version\":\"v1\",\"app\":\"billing\",\"profile\":\"prod\"}"))
                .isEqualTo(new ClientMessage.Resync("v1", "billing", "prod", null));
    }

    @Test
    void pingPongAndAuth() {
        assertThat(ClientMessages.parse("{\"type\":\"ping\"}")).isEqualTo(new ClientMessage.Ping());
        assertThat(ClientMessages.parse("{\"type\":\"pong\"}")).isEqualTo(new ClientMessage.Pong());
        assertThat(ClientMessages.parse("{\"type\":\"auth\",\"token\":\"t\"}")).isEqualTo(new ClientMessage.Auth("t"));
    }

    @Test
    void malformedMessages_areRefusedAsInvalid() {
        assertRefused("{not json", ErrorCode.INVALID_MESSAGE, "malformed JSON");
        assertRefused("[1,2]", ErrorCode.INVALID_MESSAGE, "a message must be a JSON object");
        assertRefused("{\"kind\":\"ping\"}", ErrorCode.INVALID_MESSAGE, "a message needs a string 'type'");
        assertRefused("{\"type\":\"subscribe\",\"patterns\":[]}", ErrorCode.INVALID_MESSAGE, "'patterns' must be");
        assertRefused("{\"type\":\"resync\"}", ErrorCode.INVALID_MESSAGE, "'last_version' must be");
        assertRefused(
                "{\"type\":\"resync\",\"last_version\":\"v\",\"app\":\"billing\"}",
                ErrorCode.INVALID_MESSAGE,
                "'app' and 'profile' come together");
        assertRefused("{\"type\":\"resync\",\"last_version\":7}", ErrorCode.INVALID_MESSAGE, "'last_version'");
    }

    @Test
    void tooManyPatternsInOneMessage_areRefused() {
        String patterns =
                String.join(",", Collections.nCopies(ClientMessages.MAX_PATTERNS_PER_MESSAGE + 1, "\"orders:*:*\""));

        assertRefused(
                "{\"type\":\"subscribe\",\"patterns\":[" + patterns + "]}",
                ErrorCode.INVALID_MESSAGE,
                "at most " + ClientMessages.MAX_PATTERNS_PER_MESSAGE);
    }

    @Test
    void aBadPattern_isRefusedAsInvalidPattern_namingIt() {
        assertRefused(
                "{\"type\":\"subscribe\",\"patterns\":[\"a:b\"]}",
                ErrorCode.INVALID_PATTERN,
                "invalid pattern 'a:b': expected app:profile:label");
        assertRefused("{\"type\":\"subscribe\",\"patterns\":[7]}", ErrorCode.INVALID_PATTERN, "must be a string");
    }

    @Test
    void anUnknownType_isRefusedByName_abbreviated() {
        assertRefused("{\"type\":\"teleport\"}", ErrorCode.UNKNOWN_TYPE, "unknown message type 'teleport'");
        assertRefused("{\"type\":\"" + "x".repeat(100) + "\"}", ErrorCode.UNKNOWN_TYPE, "x".repeat(40) + "...'");
    }
}

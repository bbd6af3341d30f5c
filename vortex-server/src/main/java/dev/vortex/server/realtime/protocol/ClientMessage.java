package dev.vortex.server.realtime.protocol;

import dev.vortex.server.config.KeyPattern;
import java.util.List;

/** The messages a client sends, as PROTOCOL.md defines them. Parsed by {@link ClientMessages}. */
public sealed interface ClientMessage {

    /** {@code subscribe}: follow every key matching the patterns. */
    record Subscribe(List<KeyPattern> patterns) implements ClientMessage {}

    /** {@code unsubscribe}: stop following the patterns. */
    record Unsubscribe(List<KeyPattern> patterns) implements ClientMessage {}

    /**
     * {@code resync}: the client holds {@code lastVersion} of a key (its own key when {@code application} is
     * {@code null}).
     */
    record Resync(String lastVersion, String application, String profiles, String label) implements ClientMessage {}

    /** {@code ping}: answered with {@code pong}. */
    record Ping() implements ClientMessage {}

    /** {@code pong}: the answer to a server {@code ping}. */
    record Pong() implements ClientMessage {}

    /** {@code auth}: fresh credentials. */
    record Auth(String token) implements ClientMessage {}
}

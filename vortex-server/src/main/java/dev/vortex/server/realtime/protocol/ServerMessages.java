package dev.vortex.server.realtime.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Encodes the server's messages as PROTOCOL.md defines them, each to UTF-8 bytes ready to be framed.
 *
 * <p>Stateless apart from the clock; safe from any thread.
 */
public final class ServerMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public ServerMessages(Clock clock) {
        this.clock = clock;
    }

    public byte[] snapshot(ConfigKey key, JsonNode config, String version) {
        ObjectNode message = keyed("config_snapshot", key);
        message.set("config", config);
        message.put("version", version);
        return encode(stamped(message));
    }

    public byte[] change(ConfigKey key, ArrayNode diff, String oldVersion, String newVersion) {
        ObjectNode message = keyed("config_change", key);
        message.set("diff", diff);
        message.put("old_version", oldVersion);
        message.put("new_version", newVersion);
        return encode(stamped(message));
    }

    public byte[] inSync(ConfigKey key, String version) {
        return encode(stamped(keyed("in_sync", key).put("version", version)));
    }

    public byte[] lagged(ConfigKey key, int skipped) {
        return encode(stamped(keyed("lagged", key).put("skipped", skipped)));
    }

    public byte[] subscribed(List<KeyPattern> patterns) {
        return patterns("subscribed", patterns);
    }

    public byte[] unsubscribed(List<KeyPattern> patterns) {
        return patterns("unsubscribed", patterns);
    }

    /**
     * A {@code ping} stamped {@code at} rather than by the clock: a heartbeat sweep encodes one for every connection
     * it pings, at the time it runs.
     */
    public byte[] ping(Instant at) {
        return encode(typed("ping").put("timestamp", at.toString()));
    }

    public byte[] pong() {
        return encode(stamped(typed("pong")));
    }

    public byte[] error(ErrorCode code, String text) {
        return encode(stamped(typed("error").put("code", code.name()).put("message", text)));
    }

    public byte[] connectionClosing(String reason, long reconnectAfterMillis) {
        return encode(stamped(
                typed("connection_closing").put("reason", reason).put("reconnect_after_ms", reconnectAfterMillis)));
    }

    /** The encoded size of a JSON value, to choose between a patch and a snapshot. */
    public static int encodedSize(JsonNode node) {
        return encode(node).length;
    }

    private byte[] patterns(String type, List<KeyPattern> patterns) {
        ObjectNode message = typed(type);
        ArrayNode array = message.putArray("patterns");
        patterns.forEach(pattern -> array.add(pattern.toString()));
        return encode(stamped(message));
    }

    private static ObjectNode typed(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static ObjectNode keyed(String type, ConfigKey key) {
        return typed(type)
                .put("app", key.application())
                .put("profile", key.profiles())
                .put("label", key.label());
    }

    private ObjectNode stamped(ObjectNode message) {
        return message.put("timestamp", clock.instant().toString());
    }

    private static byte[] encode(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a protocol message", e);
        }
    }
}

package dev.vortex.server.realtime.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vortex.server.config.KeyPattern;
import java.util.ArrayList;
import java.util.List;

/** Parses client messages, refusing anything malformed with the protocol's error codes. */
public final class ClientMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bounds the work one message can cause. */
    public static final int MAX_PATTERNS_PER_MESSAGE = 100;

    private ClientMessages() {}

    public static ClientMessage parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "a message must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "a message needs a string 'type'");
        }
        return switch (type.asText()) {
            case "subscribe" -> new ClientMessage.Subscribe(patterns(node));
            case "unsubscribe" -> new ClientMessage.Unsubscribe(patterns(node));
            case "resync" -> resync(node);
            case "ping" -> new ClientMessage.Ping();
            case "pong" -> new ClientMessage.Pong();
            case "auth" -> new ClientMessage.Auth(requiredText(node, "token"));
            default ->
                throw new ProtocolException(
                        ErrorCode.UNKNOWN_TYPE, "unknown message type '" + abbreviate(type.asText()) + "'");
        };
    }

    private static List<KeyPattern> patterns(JsonNode node) {
        JsonNode patterns = node.get("patterns");
        if (patterns == null || !patterns.isArray() || patterns.isEmpty()) {
            throw new ProtocolException(
                    ErrorCode.INVALID_MESSAGE, "'patterns' must be a non-empty array of app:profile:label strings");
        }
        if (patterns.size() > MAX_PATTERNS_PER_MESSAGE) {
            throw new ProtocolException(
                    ErrorCode.INVALID_MESSAGE, "at most " + MAX_PATTERNS_PER_MESSAGE + " patterns per message");
        }
        List<KeyPattern> parsed = new ArrayList<>(patterns.size());
        for (JsonNode pattern : patterns) {
            try {
                parsed.add(KeyPattern.parse(pattern.isTextual() ? pattern.asText() : null));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(ErrorCode.INVALID_PATTERN, e.getMessage());
            }
        }
        return parsed;
    }

    private static ClientMessage resync(JsonNode node) {
        String lastVersion = requiredText(node, "last_version");
        String application = optionalText(node, "app");
        String profiles = optionalText(node, "profile");
        String label = optionalText(node, "label");
        if ((application == null) != (profiles == null)) {
            throw new ProtocolException(
                    ErrorCode.INVALID_MESSAGE, "'app' and 'profile' come together, or neither for the own key");
        }
        return new ClientMessage.Resync(lastVersion, application, profiles, label);
    }

    private static String requiredText(JsonNode node, String field) {
        String value = optionalText(node, field);
        if (value == null || value.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "'" + field + "' must be a non-empty string");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "'" + field + "' must be a string");
        }
        return value.asText();
    }

    /** {@code text}, cut to 40 characters: error messages name the bad value without echoing a flood. */
    public static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}

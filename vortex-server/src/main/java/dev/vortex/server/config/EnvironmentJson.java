package dev.vortex.server.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Encodes an {@link Environment} as Spring Cloud Config's Environment JSON, byte for byte what Jackson's
 * {@code ObjectMapper} writes for it, with a streaming generator instead of the mapper's reflective record
 * serialiser.
 *
 * <p>Why: every resolution encodes its answer once, and in a fleet restart (thousands of never-asked keys) the
 * mapper's per-value serialiser lookups were a sixth of the resolver's time. Values of the common types (text,
 * whole numbers, booleans, {@code null}) are written directly; any other value goes through the same mapper,
 * so the output never differs from {@code new ObjectMapper().writeValueAsBytes(environment)}.
 *
 * <p>Thread-safe: the mapper is, and each call has its own generator.
 */
final class EnvironmentJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvironmentJson() {}

    /** The Environment JSON of {@code environment}, as UTF-8. */
    static byte[] encode(Environment environment) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(4096);
                JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("name", environment.name());
            json.writeArrayFieldStart("profiles");
            for (String profile : environment.profiles()) {
                json.writeString(profile);
            }
            json.writeEndArray();
            json.writeStringField("label", environment.label());
            json.writeStringField("version", environment.version());
            json.writeStringField("state", environment.state());
            json.writeArrayFieldStart("propertySources");
            for (PropertySource source : environment.propertySources()) {
                json.writeStartObject();
                json.writeStringField("name", source.name());
                json.writeObjectFieldStart("source");
                for (Map.Entry<String, Object> property : source.source().entrySet()) {
                    json.writeFieldName(property.getKey());
                    writeValue(json, property.getValue());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            // Writing to memory does not fail; a value the mapper cannot encode is a bug.
            throw new UncheckedIOException("cannot encode the environment of " + environment.name(), e);
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value == null) {
            json.writeNull();
        } else {
            JSON.writeValue(json, value);
        }
    }
}

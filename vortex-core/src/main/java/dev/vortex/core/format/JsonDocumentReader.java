package dev.vortex.core.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vortex.core.ConfigFormatException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .json} file: one JSON object, flattened like YAML by {@link PropertyFlattener}. Numbers keep
 * their type ({@code Integer}, {@code Long} or {@code BigInteger}; {@code Double}), as do booleans.
 */
final class JsonDocumentReader implements DocumentReader {

    // Thread-safe once configured; duplicate keys are rejected as YAML does, trailing garbage too.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public List<Map<String, Object>> read(String fileName, byte[] content) {
        Object document;
        try {
            document = MAPPER.readValue(content, Object.class);
        } catch (JsonProcessingException e) {
            throw new ConfigFormatException(
                    "Invalid JSON in " + fileName + positionOf(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigFormatException("Cannot read " + fileName + ": " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigFormatException(
                    "Invalid JSON in " + fileName + ": expected an object at the top level but found "
                            + PropertyFlattener.kindOf(document),
                    null);
        }
        return List.of(PropertyFlattener.flatten(map));
    }

    private static String positionOf(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}

package dev.vortex.core.format;

import dev.vortex.core.ConfigFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Dispatches to the reader of each format and attaches each document's profile condition. */
final class ConfigFileParsers {

    private static final DocumentReader PROPERTIES = new PropertiesDocumentReader();
    private static final DocumentReader YAML = new YamlDocumentReader();

    private ConfigFileParsers() {}

    static List<ConfigDocument> parse(ConfigFormat format, String fileName, byte[] content) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
        List<Map<String, Object>> documents = readerFor(format).read(fileName, content);
        List<ConfigDocument> result = new ArrayList<>(documents.size());
        for (Map<String, Object> properties : documents) {
            int index = result.size();
            result.add(new ConfigDocument(index, properties, conditionOf(fileName, index, properties)));
        }
        return List.copyOf(result);
    }

    private static DocumentReader readerFor(ConfigFormat format) {
        return switch (format) {
            case PROPERTIES -> PROPERTIES;
            case YML, YAML -> YAML;
        };
    }

    private static Optional<ProfileCondition> conditionOf(String fileName, int index, Map<String, Object> properties) {
        try {
            return DocumentActivation.conditionOf(properties);
        } catch (IllegalArgumentException e) {
            throw new ConfigFormatException(fileName + " (document #" + index + "): " + e.getMessage(), e);
        }
    }
}

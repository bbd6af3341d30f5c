package dev.vortex.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vortex.core.shape.ConfigShapes;
import java.util.Collection;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Renders a merged flat configuration as the documents of Spring Cloud Config's
 * {@code /{application}-{profile}.yml}, {@code .properties} and {@code .json} endpoints.
 *
 * <p>All three keep the iteration order of the map they are given, as Spring Cloud Config Server keeps the
 * order of the sources (pass {@code Environment.renderedProperties()}). YAML and JSON use the nested shape of
 * {@link ConfigShapes#nestedInSourceOrder(Map)}, so they share its conflict rules.
 */
public final class ConfigRenderer {

    /** The property Spring gives a YAML document whose root is not a map. */
    private static final String DOCUMENT = "document";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigRenderer() {}

    /**
     * Nested YAML in block style, lists for {@code [i]} keys. Strings that YAML would read as another type
     * ({@code "1"}, {@code "true"}) are quoted, so reading the YAML back gives the same types.
     *
     * <p>A config whose only property is {@code document} (a YAML file whose root is a scalar or a list) is
     * rendered as that value alone, as Spring Cloud Config Server does, with its very SnakeYAML call.
     *
     * @param flat the merged flat properties
     * @return the YAML document, ending with a line break; {@code "{}\n"} when {@code flat} is empty
     */
    public static String toYaml(Map<String, ?> flat) {
        Object nested = nestedJava(flat);
        if (nested instanceof Map<?, ?> map && map.size() == 1 && map.containsKey(DOCUMENT)) {
            Object document = map.get(DOCUMENT);
            Tag tag = document instanceof Collection<?> ? Tag.SEQ : Tag.STR;
            return new Yaml().dumpAs(document, tag, DumperOptions.FlowStyle.BLOCK);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        // A new Yaml per call: SnakeYAML instances are not thread-safe.
        return new Yaml(options).dump(nested);
    }

    /**
     * The nested shape as indented JSON.
     *
     * @param flat the merged flat properties
     * @return the JSON object
     */
    public static String toJson(Map<String, ?> flat) {
        try {
            return MAPPER.writeValueAsString(ConfigShapes.nestedInSourceOrder(flat));
        } catch (JsonProcessingException e) {
            // A tree of plain JSON nodes always serialises.
            throw new IllegalStateException("cannot render configuration as JSON", e);
        }
    }

    /**
     * Spring Cloud Config's properties text: one {@code key: value} line per property, in the map's order, lines
     * separated by {@code \n} without a final one. Keys and values are escaped so that
     * {@link java.util.Properties#load(java.io.Reader)} reads back the same strings; non-ASCII characters are
     * written as they are (the text is meant to be sent as UTF-8). A {@code null} value is written empty.
     *
     * @param flat the merged flat properties
     * @return the properties text, empty when {@code flat} is empty
     */
    public static String toProperties(Map<String, ?> flat) {
        StringBuilder text = new StringBuilder();
        flat.forEach((key, value) -> {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(PropertiesEscaper.escapeKey(key))
                    .append(": ")
                    .append(PropertiesEscaper.escapeValue(value == null ? "" : String.valueOf(value)));
        });
        return text.toString();
    }

    private static Object nestedJava(Map<String, ?> flat) {
        // Jackson maps the nodes back to LinkedHashMap, ArrayList, Integer/Long/BigInteger, Double, ...
        return MAPPER.convertValue(ConfigShapes.nestedInSourceOrder(flat), Object.class);
    }
}

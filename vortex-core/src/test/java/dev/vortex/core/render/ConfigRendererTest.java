package dev.vortex.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vortex.core.format.ConfigFormat;
import dev.vortex.core.shape.ConfigShapes;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class ConfigRendererTest {

    private static Map<String, Object> sample() {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("server.port", 8080);
        flat.put("server.host", "example.org");
        flat.put("list[0]", "a");
        flat.put("list[1]", "b");
        flat.put("users[0].name", "ann");
        flat.put("users[0].admin", true);
        flat.put("ratio", 0.25);
        flat.put("big", new BigInteger("123456789012345678901234567890"));
        flat.put("quoted", "1");
        flat.put("day", "2024-01-31");
        flat.put("yes", "yes");
        flat.put("empty", "");
        flat.put("multi", "line1\nline2");
        flat.put("unicode", "café 日本");
        return flat;
    }

    @Test
    void properties_areSpringCloudConfigStyleLines_inTheGivenOrder() {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("z", 1);
        flat.put("a.url", "http://x:80/#top");
        flat.put("m", true);

        assertThat(ConfigRenderer.toProperties(flat)).isEqualTo("z: 1\na.url: http://x:80/#top\nm: true");
    }

    @Test
    void properties_readBackWithJavaProperties_giveTheSameStrings() throws Exception {
        Map<String, Object> flat = new LinkedHashMap<>(sample());
        flat.put("spaces", "  leading and trailing  ");
        flat.put("backslash", "c:\\temp\\");
        flat.put("crlf", "a\r\nb\tc\fd");
        flat.put("control", "bell\u0007");
        flat.put("key with spaces", "v");
        flat.put("key=with:separators", "v");
        flat.put("#comment-like", "v");
        flat.put("!bang", "v");
        flat.put("名前", "日本");
        flat.put("hash#inside", "#value");
        flat.put("none", null);

        Properties properties = new Properties();
        properties.load(new StringReader(ConfigRenderer.toProperties(flat)));

        Map<String, String> expected = new TreeMap<>();
        flat.forEach((key, value) -> expected.put(key, value == null ? "" : String.valueOf(value)));
        assertThat(properties).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void properties_ofNothing_areEmpty() {
        assertThat(ConfigRenderer.toProperties(Map.of())).isEmpty();
    }

    @Test
    void yamlAndJson_keepTheOrderInWhichKeysFirstAppear_atEveryLevel() throws Exception {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("shared", "x");
        flat.put("server.port", 8081);
        flat.put("orders.max-items", 50);
        flat.put("zeta", 1);
        flat.put("orders.currencies[0]", "EUR");
        flat.put("orders.currencies[1]", "USD");
        flat.put("alpha", 2);
        flat.put("orders.b.second", 2);
        flat.put("orders.b.first", 1);

        assertThat(ConfigRenderer.toYaml(flat))
                .isEqualTo("shared: x\nserver:\n  port: 8081\norders:\n  max-items: 50\n  currencies:\n  - EUR\n"
                        + "  - USD\n  b:\n    second: 2\n    first: 1\nzeta: 1\nalpha: 2\n");
        assertThat(new ObjectMapper().readTree(ConfigRenderer.toJson(flat)).toString())
                .isEqualTo("{\"shared\":\"x\",\"server\":{\"port\":8081},\"orders\":{\"max-items\":50,"
                        + "\"currencies\":[\"EUR\",\"USD\"],\"b\":{\"second\":2,\"first\":1}},\"zeta\":1,\"alpha\":2}");
    }

    @Test
    void yaml_isNestedBlockStyle() {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("server.port", 8080);
        flat.put("list[0]", "a");

        assertThat(ConfigRenderer.toYaml(flat)).isEqualTo("server:\n  port: 8080\nlist:\n- a\n");
    }

    @Test
    void yaml_readBackWithSnakeYaml_givesTheNestedShape() {
        Object loaded = new Yaml().load(ConfigRenderer.toYaml(sample()));

        assertThat(new ObjectMapper().<JsonNode>valueToTree(loaded)).isEqualTo(ConfigShapes.nested(sample()));
    }

    @Test
    void yaml_parsedAgainAsConfig_givesTheSameFlatProperties_withTypes() {
        Map<String, Object> flat = new LinkedHashMap<>(sample());
        flat.put("a", 1);
        flat.put("a.b", 2);

        String yaml = ConfigRenderer.toYaml(flat);
        Map<String, Object> reparsed = ConfigFormat.YAML
                .parse("rendered.yaml", yaml.getBytes(StandardCharsets.UTF_8))
                .get(0)
                .properties();

        assertThat(reparsed).containsExactlyInAnyOrderEntriesOf(flat);
    }

    @Test
    void yaml_ofNothing_isAnEmptyMap() {
        assertThat(new Yaml().<Object>load(ConfigRenderer.toYaml(Map.of()))).isEqualTo(Map.of());
    }

    @Test
    void json_isTheNestedShape() throws Exception {
        String json = ConfigRenderer.toJson(sample());

        assertThat(new ObjectMapper().readTree(json)).isEqualTo(ConfigShapes.nested(sample()));
        assertThat(json).contains("\n");
    }

    @Test
    void json_parsedAgainAsConfig_givesTheSameFlatProperties() {
        String json = ConfigRenderer.toJson(sample());
        // JSON is YAML's flow style: the YAML reader gives the flat properties of a JSON document.
        Map<String, Object> reparsed = ConfigFormat.YAML
                .parse("rendered.json", json.getBytes(StandardCharsets.UTF_8))
                .get(0)
                .properties();

        assertThat(reparsed).containsExactlyInAnyOrderEntriesOf(sample());
    }

    @Test
    void yaml_ofALoneDocumentProperty_isThatValue_asSpringCloudConfigServerRendersIt() {
        assertThat(ConfigRenderer.toYaml(Map.of("document", "just a scalar"))).isEqualTo("just a scalar\n");
        assertThat(ConfigRenderer.toYaml(Map.of("document", 42))).isEqualTo("'42'\n");
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("document[0].a", 1);
        list.put("document[0].b", "x");
        list.put("document[1]", "plain");
        assertThat(ConfigRenderer.toYaml(list)).isEqualTo("- a: 1\n  b: x\n- plain\n");
    }
}

package dev.vortex.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.vortex.core.ConfigFormatException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDocumentReaderTest {

    private static List<ConfigDocument> parse(String json) {
        return ConfigFormat.JSON.parse("app.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonObject_flattensExactlyLikeTheSameYaml() {
        String json = """
                {"server": {"port": 8080, "hosts": ["a", "b"]},
                 "users": [{"name": "ann", "tags": []}], "empty": {}, "none": null,
                 "matrix": [[1, 2], [3]]}
                """;
        String yaml = """
                server: {port: 8080, hosts: [a, b]}
                users: [{name: ann, tags: []}]
                empty: {}
                none: null
                matrix: [[1, 2], [3]]
                """;

        Map<String, Object> fromJson = parse(json).get(0).properties();
        Map<String, Object> fromYaml = ConfigFormat.YAML
                .parse("app.yaml", yaml.getBytes(StandardCharsets.UTF_8))
                .get(0)
                .properties();

        assertThat(fromJson).containsExactlyEntriesOf(fromYaml);
        assertThat(fromJson).containsKeys("server.hosts[1]", "users[0].tags", "matrix[0][1]", "none");
    }

    @Test
    void jsonValues_keepTheirTypes() {
        Map<String, Object> properties = parse("""
                {"int": 1, "long": 4000000000, "big": 123456789012345678901234567890,
                 "double": 1.5, "bool": false, "text": "1", "none": null}
                """).get(0).properties();

        assertThat(properties)
                .containsExactly(
                        entry("int", 1),
                        entry("long", 4000000000L),
                        entry("big", new BigInteger("123456789012345678901234567890")),
                        entry("double", 1.5),
                        entry("bool", false),
                        entry("text", "1"),
                        entry("none", ""));
    }

    @Test
    void jsonIsOneDocument_withActivation() {
        List<ConfigDocument> documents =
                parse("{\"spring\": {\"config\": {\"activate\": {\"on-profile\": \"prod\"}}}}");

        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).isActiveFor(List.of("prod"))).isTrue();
        assertThat(documents.get(0).isActiveFor(List.of("dev"))).isFalse();
    }

    @Test
    void jsonTopLevelArray_isRejected_namingTheFile() {
        assertThatThrownBy(() -> parse("[1, 2]"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.json")
                .hasMessageContaining("object")
                .hasMessageContaining("a list");
    }

    @Test
    void brokenJson_isRejected_namingFileAndLine() {
        assertThatThrownBy(() -> parse("{\n\"a\": 1,\n\"b\": }"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.json at line 3");
    }

    @Test
    void jsonDuplicateKey_isRejected() {
        assertThatThrownBy(() -> parse("{\"a\": 1, \"a\": 2}"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.json");
    }

    @Test
    void jsonTrailingContent_isRejected() {
        assertThatThrownBy(() -> parse("{\"a\": 1} {\"b\": 2}"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.json");
    }
}

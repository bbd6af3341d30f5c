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

class YamlDocumentReaderTest {

    private static List<ConfigDocument> parse(String yaml) {
        return ConfigFormat.YML.parse("app.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> single(String yaml) {
        List<ConfigDocument> documents = parse(yaml);
        assertThat(documents).hasSize(1);
        return documents.get(0).properties();
    }

    @Test
    void yamlNestedMaps_flattenToDottedKeys_inFileOrder() {
        Map<String, Object> properties = single("""
                server:
                  port: 8080
                  address: localhost
                app:
                  name: demo
                """);

        assertThat(properties)
                .containsExactly(
                        entry("server.port", 8080), entry("server.address", "localhost"), entry("app.name", "demo"));
    }

    @Test
    void yamlLists_flattenToIndexedKeys_includingNestedListsAndMapsInLists() {
        Map<String, Object> properties = single("""
                hosts: [a, b]
                matrix:
                  - [1, 2]
                  - [3]
                users:
                  - name: ann
                    roles: [admin]
                """);

        assertThat(properties)
                .containsExactly(
                        entry("hosts[0]", "a"),
                        entry("hosts[1]", "b"),
                        entry("matrix[0][0]", 1),
                        entry("matrix[0][1]", 2),
                        entry("matrix[1][0]", 3),
                        entry("users[0].name", "ann"),
                        entry("users[0].roles[0]", "admin"));
    }

    @Test
    void yamlNullValue_becomesEmptyString() {
        assertThat(single("a:\nb: ~\nc: [null]\n")).containsExactly(entry("a", ""), entry("b", ""), entry("c[0]", ""));
    }

    @Test
    void yamlEmptyList_becomesEmptyString() {
        assertThat(single("list: []\n")).containsExactly(entry("list", ""));
    }

    @Test
    void yamlEmptyMap_contributesNothing() {
        assertThat(single("empty: {}\nkept: 1\n")).containsExactly(entry("kept", 1));
    }

    @Test
    void yamlScalars_keepYaml11Types() {
        Map<String, Object> properties = single("""
                int: 42
                long: 4000000000
                big: 123456789012345678901234567890
                hex: 0x1F
                double: 1.5
                bool: true
                yes: yes
                off: off
                text: hello
                quoted: "42"
                """);

        assertThat(properties)
                .containsExactly(
                        entry("int", 42),
                        entry("long", 4000000000L),
                        entry("big", new BigInteger("123456789012345678901234567890")),
                        entry("hex", 31),
                        entry("double", 1.5),
                        entry("bool", true),
                        entry("true", true),
                        entry("false", false),
                        entry("text", "hello"),
                        entry("quoted", "42"));
    }

    @Test
    void yamlDates_stayStrings() {
        assertThat(single("day: 2024-01-31\nat: 2024-01-31T10:15:30Z\n"))
                .containsExactly(entry("day", "2024-01-31"), entry("at", "2024-01-31T10:15:30Z"));
    }

    @Test
    void yamlNonStringKeys_areConvertedWithValueOf() {
        assertThat(single("ports:\n  8080: http\n  1.5: odd\n"))
                .containsExactly(entry("ports.8080", "http"), entry("ports.1.5", "odd"));
    }

    @Test
    void yamlBracketedKey_isAppendedWithoutDot_asSpringDoes() {
        assertThat(single("map:\n  \"[a.b]\": 1\n")).containsExactly(entry("map[a.b]", 1));
    }

    @Test
    void yamlMergeKeysAndAliases_areExpanded() {
        Map<String, Object> properties = single("""
                base: &base
                  timeout: 5
                service:
                  <<: *base
                  name: api
                """);

        assertThat(properties).contains(entry("service.timeout", 5), entry("service.name", "api"));
    }

    @Test
    void yamlBinaryValue_becomesBase64Text() {
        assertThat(single("key: !!binary aGVsbG8=\n")).containsExactly(entry("key", "aGVsbG8="));
    }

    @Test
    void yamlMultiDocument_yieldsOneDocumentPerSection_countingEmptyOnes() {
        List<ConfigDocument> documents = parse("""
                a: 1
                ---
                # only a comment
                ---
                b: 2
                """);

        assertThat(documents).extracting(ConfigDocument::index).containsExactly(0, 1, 2);
        assertThat(documents.get(0).properties()).containsExactly(entry("a", 1));
        assertThat(documents.get(1).properties()).isEmpty();
        assertThat(documents.get(2).properties()).containsExactly(entry("b", 2));
    }

    @Test
    void yamlEmptyFile_yieldsNoDocument() {
        assertThat(parse("")).isEmpty();
    }

    @Test
    void yamlWithByteOrderMark_isRead() {
        byte[] content = "\uFEFFa: 1\n".getBytes(StandardCharsets.UTF_8);

        assertThat(ConfigFormat.YAML.parse("app.yaml", content).get(0).properties())
                .containsExactly(entry("a", 1));
    }

    @Test
    void yamlDocumentsWhoseRootIsNotAMap_becomeThePropertyDocument_asInSpring() {
        assertThat(parse("a: 1\n---\njust text\n").get(1).properties()).containsExactly(entry("document", "just text"));
        assertThat(single("- a\n- b: 2\n")).containsExactly(entry("document[0]", "a"), entry("document[1].b", 2));
        assertThat(single("42\n")).containsExactly(entry("document", 42));
    }

    @Test
    void brokenYaml_isRejected_namingFileLineAndColumn() {
        assertThatThrownBy(() -> parse("a: 1\nb: [1, 2\nc: 3\n"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.yml")
                .hasMessageMatching("(?s).*line \\d+, column \\d+.*");
    }

    @Test
    void brokenYamlIndentation_reportsTheLineOfTheProblem() {
        assertThatThrownBy(() -> parse("a:\n  b: 1\n c: 2\n"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.yml at line 3, column 2");
    }

    @Test
    void yamlDuplicateKey_isRejected() {
        assertThatThrownBy(() -> parse("a: 1\na: 2\n"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.yml")
                .hasMessageContaining("duplicate key a");
    }

    @Test
    void yamlRecursiveAlias_isRejected_insteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> parse("a: &x\n  - *x\n"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.yml");
    }

    // The parser is reused per thread: nothing of one file may reach the next.

    @Test
    void filesReadOneAfterAnother_shareNoAnchors() {
        Map<String, Object> first = single("base: &b\n  x: 1\nuse: *b\n");
        Map<String, Object> second = single("base: &b\n  x: 2\nuse: *b\n");

        assertThat(first).containsEntry("use.x", 1);
        assertThat(second).containsEntry("use.x", 2);
    }

    @Test
    void aFileReadAfterOneThatFailedHalfWay_isReadWhole() {
        assertThatThrownBy(() -> parse("a: &x\n  - *x\n")).isInstanceOf(ConfigFormatException.class);
        assertThatThrownBy(() -> parse("a: 1\nb:\n  c: 1\n  c: 2\n")).isInstanceOf(ConfigFormatException.class);

        Map<String, Object> properties = single("a: &x\n  - 1\n  - 2\nb: *x\nc:\n  c: 3\n");

        assertThat(properties)
                .containsExactly(
                        entry("a[0]", 1), entry("a[1]", 2), entry("b[0]", 1), entry("b[1]", 2), entry("c.c", 3));
    }

    @Test
    void aMultiDocumentFileAfterAFailedOne_countsItsOwnDocumentsOnly() {
        assertThatThrownBy(() -> parse("a: 1\n---\nb: [\n")).isInstanceOf(ConfigFormatException.class);

        assertThat(parse("a: 1\n---\nb: 2\n")).hasSize(2);
    }
}

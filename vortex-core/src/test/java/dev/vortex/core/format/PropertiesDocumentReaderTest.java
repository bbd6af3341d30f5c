package dev.vortex.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.vortex.core.ConfigFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesDocumentReaderTest {

    private static List<ConfigDocument> parse(String text) {
        return ConfigFormat.PROPERTIES.parse("app.properties", text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> single(String text) {
        List<ConfigDocument> documents = parse(text);
        assertThat(documents).hasSize(1);
        return documents.get(0).properties();
    }

    @Test
    void properties_keepFileOrder_notHashOrder() {
        assertThat(single("zeta=1\nalpha=2\nmid=3\nbeta=4\n"))
                .containsExactly(entry("zeta", "1"), entry("alpha", "2"), entry("mid", "3"), entry("beta", "4"));
    }

    @Test
    void propertiesRepeatedKey_keepsFirstPlaceAndLastValue() {
        assertThat(single("a=1\nb=2\na=3\n")).containsExactly(entry("a", "3"), entry("b", "2"));
    }

    @Test
    void properties_acceptEqualsColonAndWhitespaceSeparators() {
        assertThat(single("a=1\nb: 2\nc 3\nd\t=  4\n"))
                .containsExactly(entry("a", "1"), entry("b", "2"), entry("c", "3"), entry("d", "4"));
    }

    @Test
    void propertiesValues_areStrings_evenWhenNumeric() {
        assertThat(single("port=8080\nflag=true\n")).containsExactly(entry("port", "8080"), entry("flag", "true"));
    }

    @Test
    void properties_applyJavaEscapes() {
        Map<String, Object> properties = single("""
                key\\ with\\ spaces=v
                tabbed=a\\tb
                newline=line1\\nline2
                unicode=\\u00e9
                backslash=c:\\\\temp
                colon\\:key=x
                """);

        assertThat(properties)
                .containsExactly(
                        entry("key with spaces", "v"),
                        entry("tabbed", "a\tb"),
                        entry("newline", "line1\nline2"),
                        entry("unicode", "é"),
                        entry("backslash", "c:\\temp"),
                        entry("colon:key", "x"));
    }

    @Test
    void properties_joinContinuationLines() {
        assertThat(single("list=a,\\\n     b,\\\n     c\nnext=1\n"))
                .containsExactly(entry("list", "a,b,c"), entry("next", "1"));
    }

    @Test
    void properties_areReadAsIso88591_likeSpringBoot_soUtf8BytesGiveMojibake() {
        byte[] latin1 = "greeting=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "greeting=caf\u00e9\n".getBytes(StandardCharsets.UTF_8);

        assertThat(ConfigFormat.PROPERTIES.parse("a.properties", latin1).get(0).properties())
                .containsExactly(entry("greeting", "caf\u00e9"));
        assertThat(ConfigFormat.PROPERTIES.parse("u.properties", utf8).get(0).properties())
                .containsExactly(entry("greeting", "caf\u00c3\u00a9"));
    }

    @Test
    void properties_ignoreCommentsAndBlankLines() {
        assertThat(single("# comment\n! other comment\n\n   \na=1\n")).containsExactly(entry("a", "1"));
    }

    @Test
    void propertiesWithUtf8ByteOrderMark_putItIntoTheFirstKey_asSpringCloudConfigServerDoes() {
        byte[] content = "\uFEFFa=1\n".getBytes(StandardCharsets.UTF_8);

        assertThat(ConfigFormat.PROPERTIES
                        .parse("app.properties", content)
                        .get(0)
                        .properties())
                .containsExactly(entry("\u00ef\u00bb\u00bfa", "1"));
    }

    @Test
    void propertiesMultiDocument_splitsOnHashOrBangSeparatorLines() {
        List<ConfigDocument> documents = parse("a=1\n#---\nb=2\n!---\nc=3\n");

        assertThat(documents).extracting(ConfigDocument::index).containsExactly(0, 1, 2);
        assertThat(documents)
                .extracting(ConfigDocument::properties)
                .containsExactly(Map.of("a", "1"), Map.of("b", "2"), Map.of("c", "3"));
    }

    @Test
    void propertiesMultiDocument_worksWithWindowsLineEndings() {
        List<ConfigDocument> documents = parse("a=1\r\n#---\r\nb=2\r\n");

        assertThat(documents)
                .extracting(ConfigDocument::properties)
                .containsExactly(Map.of("a", "1"), Map.of("b", "2"));
    }

    @Test
    void propertiesEmptySection_isStillADocument() {
        List<ConfigDocument> documents = parse("a=1\n#---\n# nothing here\n#---\nb=2\n");

        assertThat(documents)
                .extracting(ConfigDocument::properties)
                .containsExactly(Map.of("a", "1"), Map.of(), Map.of("b", "2"));
    }

    @Test
    void propertiesSeparatorLookalikes_areComments() {
        assertThat(parse("a=1\n #---\n#----\n#--- x\nb=2\n")).hasSize(1);
    }

    @Test
    void propertiesSeparatorInsideContinuedValue_isText() {
        List<ConfigDocument> documents = parse("a=x\\\n#---\nb=2\n");

        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).properties()).containsExactly(entry("a", "x#---"), entry("b", "2"));
    }

    @Test
    void propertiesCommentEndingWithBackslash_doesNotHideTheSeparator() {
        assertThat(parse("# note \\\n#---\nb=2\n")).hasSize(2);
    }

    @Test
    void propertiesMalformedUnicodeEscape_isRejected_namingTheFile() {
        assertThatThrownBy(() -> parse("a=\\u12\n"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.properties");
    }
}

package dev.vortex.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static String resolve(String text, Map<String, ?> values) {
        return Placeholders.resolve(text, values::get);
    }

    @Test
    void textWithoutPlaceholders_isUnchanged() {
        assertThat(resolve("plain $ text {x}", Map.of("x", "y"))).isEqualTo("plain $ text {x}");
    }

    @Test
    void placeholder_isReplacedByTheValue() {
        assertThat(resolve("http://${host}:${port}/", Map.of("host", "example.org", "port", 8080)))
                .isEqualTo("http://example.org:8080/");
    }

    @Test
    void missingKeyWithDefault_usesTheDefault() {
        assertThat(resolve("${port:8080}", Map.of())).isEqualTo("8080");
        assertThat(resolve("${greeting:}", Map.of())).isEqualTo("");
        assertThat(resolve("${url:http://x:1}", Map.of())).isEqualTo("http://x:1");
    }

    @Test
    void presentKeyWithDefault_ignoresTheDefault() {
        assertThat(resolve("${port:8080}", Map.of("port", "9090"))).isEqualTo("9090");
    }

    @Test
    void defaultContainingPlaceholders_isResolved() {
        assertThat(resolve("${a:${b}-${c:z}}", Map.of("b", "y"))).isEqualTo("y-z");
    }

    @Test
    void unusedDefault_isNotResolved_soItCannotFail() {
        Map<String, Object> values = Map.of("a", "ok", "loop", "${loop}");

        assertThat(resolve("${a:${loop}}", values)).isEqualTo("ok");
    }

    @Test
    void nestedPlaceholderInKey_isResolvedFirst() {
        assertThat(resolve("${db.${env}.url}", Map.of("env", "prod", "db.prod.url", "jdbc:prod")))
                .isEqualTo("jdbc:prod");
    }

    @Test
    void resolvedValues_areResolvedRecursively() {
        assertThat(resolve("${a}", Map.of("a", "[${b}]", "b", "${c}", "c", "deep")))
                .isEqualTo("[deep]");
    }

    @Test
    void samePlaceholderTwice_isNotACycle() {
        assertThat(resolve("${a}${a}", Map.of("a", "${b}", "b", "x"))).isEqualTo("xx");
    }

    @Test
    void circularReference_isRejected_namingTheKey() {
        assertThatThrownBy(() -> resolve("${a}", Map.of("a", "${b}", "b", "x${a}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Circular placeholder reference 'a'");
    }

    @Test
    void selfReference_isRejected() {
        assertThatThrownBy(() -> resolve("${a}", Map.of("a", "${a:x}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'");
    }

    @Test
    void unresolvablePlaceholderWithoutDefault_isLeftAsWritten() {
        assertThat(resolve("${missing} and ${known}", Map.of("known", "k"))).isEqualTo("${missing} and k");
        assertThat(resolve("${a.${b}}", Map.of("b", "x"))).isEqualTo("${a.${b}}");
    }

    @Test
    void unclosedPlaceholder_isLeftAsWritten() {
        assertThat(resolve("${a", Map.of("a", "x"))).isEqualTo("${a");
    }

    @Test
    void resolveAll_resolvesStringValuesAgainstTheMapItself_andKeepsOtherTypes() {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("host", "example.org");
        flat.put("port", 8080);
        flat.put("url", "http://${host}:${port}");
        flat.put("other", "${nope}");

        assertThat(Placeholders.resolveAll(flat, flat::get))
                .containsExactly(
                        entry("host", "example.org"),
                        entry("port", 8080),
                        entry("url", "http://example.org:8080"),
                        entry("other", "${nope}"));
    }

    @Test
    void resolveAll_withALookup_resolvesAgainstIt_notTheMap() {
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("third", "${list[2]}");
        rendered.put("list[0]", "only");

        assertThat(Placeholders.resolveAll(rendered, Map.of("list[2]", "from a lower source")::get))
                .containsExactly(entry("third", "from a lower source"), entry("list[0]", "only"));
    }

    @Test
    void resolveAll_rejectsCycles() {
        Map<String, Object> cycle = Map.of("a", "${b}", "b", "${a}");
        assertThatThrownBy(() -> Placeholders.resolveAll(cycle, cycle::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Circular placeholder reference");
    }

    @Test
    void escapedPlaceholder_isKeptWithoutItsBackslash_likeSpringCloudConfigServer() {
        Map<String, Object> values = Map.of("x", "X", "esc", "\\${x}");

        assertThat(resolve("\\${x}", values)).isEqualTo("${x}");
        assertThat(resolve("pre \\${x} ${x}", values)).isEqualTo("pre ${x} X");
        // Two backslashes (a JSON-escaped backslash) are one escape too; a third one stays.
        assertThat(resolve("\\\\${x}", values)).isEqualTo("${x}");
        assertThat(resolve("\\\\\\${x}", values)).isEqualTo("\\${x}");
        // A looked-up value keeps its escape: it is not resolved either.
        assertThat(resolve("${esc}", values)).isEqualTo("${x}");
        assertThat(resolve("\\${x:default}", Map.of())).isEqualTo("${x:default}");
    }
}

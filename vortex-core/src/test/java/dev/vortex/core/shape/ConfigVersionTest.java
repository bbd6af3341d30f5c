package dev.vortex.core.shape;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigVersionTest {

    private static final String PINNED = "539d342bfe46775332a5b708676e3a0c";

    @Test
    void version_is32LowercaseHexCharacters() {
        assertThat(ConfigVersion.of(Map.of("a", 1))).matches("[0-9a-f]{32}");
    }

    @Test
    void version_isPinned_soEveryInstanceAndReleaseAgrees() {
        // Changing this value changes every client's version: only do it together with the scheme prefix.
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("server.port", 8080);
        flat.put("name", "demo");
        flat.put("ratio", 0.5);
        flat.put("on", true);

        assertThat(ConfigVersion.of(flat)).isEqualTo(PINNED);
    }

    @Test
    void sameContentInAnyOrder_givesTheSameVersion() {
        Map<String, Object> forward = new LinkedHashMap<>();
        forward.put("a", 1);
        forward.put("b", "two");
        forward.put("c", 3.0);
        Map<String, Object> backward = new LinkedHashMap<>();
        backward.put("c", 3.0);
        backward.put("b", "two");
        backward.put("a", 1);

        assertThat(ConfigVersion.of(forward))
                .isEqualTo(ConfigVersion.of(backward))
                .isEqualTo(ConfigVersion.of(new TreeMap<>(forward)))
                .isEqualTo(ConfigVersion.of(new HashMap<>(forward)));
    }

    @Test
    void numberAndStringOfTheSameText_giveDifferentVersions() {
        assertThat(ConfigVersion.of(Map.of("a", 1))).isNotEqualTo(ConfigVersion.of(Map.of("a", "1")));
        assertThat(ConfigVersion.of(Map.of("a", true))).isNotEqualTo(ConfigVersion.of(Map.of("a", "true")));
        assertThat(ConfigVersion.of(Map.of("a", 1))).isNotEqualTo(ConfigVersion.of(Map.of("a", 1.0)));
    }

    @Test
    void integerTypes_areOneJsonType_andGiveTheSameVersion() {
        assertThat(ConfigVersion.of(Map.of("a", 1)))
                .isEqualTo(ConfigVersion.of(Map.of("a", 1L)))
                .isEqualTo(ConfigVersion.of(Map.of("a", BigInteger.ONE)));
    }

    @Test
    void anyChange_givesADifferentVersion() {
        String base = ConfigVersion.of(Map.of("a", "x", "b", "y"));

        assertThat(ConfigVersion.of(Map.of("a", "x", "b", "z"))).isNotEqualTo(base);
        assertThat(ConfigVersion.of(Map.of("a", "x", "c", "y"))).isNotEqualTo(base);
        assertThat(ConfigVersion.of(Map.of("a", "x"))).isNotEqualTo(base);
        assertThat(ConfigVersion.of(Map.of("a", "x", "b", "y", "c", ""))).isNotEqualTo(base);
    }

    @Test
    void keyValueBoundaries_cannotBeConfused() {
        assertThat(ConfigVersion.of(Map.of("ab", "c"))).isNotEqualTo(ConfigVersion.of(Map.of("a", "bc")));
        assertThat(ConfigVersion.of(Map.of("a", "b", "c", "d"))).isNotEqualTo(ConfigVersion.of(Map.of("a", "bcd")));
    }

    @Test
    void nullAndEmptyString_giveDifferentVersions() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("a", null);

        assertThat(ConfigVersion.of(withNull)).isNotEqualTo(ConfigVersion.of(Map.of("a", "")));
    }

    @Test
    void emptyConfiguration_hasAVersion() {
        assertThat(ConfigVersion.of(Map.of())).matches("[0-9a-f]{32}");
    }
}

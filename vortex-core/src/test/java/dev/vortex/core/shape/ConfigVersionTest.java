package dev.vortex.core.shape;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
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

    /**
     * Pins the serialisation of every value type, non-ASCII text and a value larger than the first buffer, from
     * before the serialisation was built in one buffer: the versions must not have moved.
     */
    @Test
    void version_ofEveryValueType_isPinned() {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("server.port", 8080);
        flat.put("name", "d\u00e9mo \u00fcn\u00efcode \u2713 \ud834\udd1e");
        flat.put("ratio", 0.5);
        flat.put("f", 1.5f);
        flat.put("on", true);
        flat.put("big", new BigInteger("123456789012345678901234567890"));
        flat.put("dec", new BigDecimal("1.250"));
        flat.put("long", 9_000_000_000L);
        flat.put("short", (short) 7);
        flat.put("byte", (byte) 3);
        flat.put("nothing", null);
        flat.put("empty", "");
        flat.put("list[0]", "a");
        flat.put("list[1]", "b");
        flat.put("\u043a\u043b\u044e\u0447", "\u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435");
        flat.put("long.text", "x".repeat(5000));

        assertThat(ConfigVersion.of(flat))
                .isEqualTo("cbd8295f143036501ded0490786d5002")
                .isEqualTo(ConfigVersion.of(new TreeMap<>(flat)));
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

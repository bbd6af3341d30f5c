package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPatternTest {
    private static final ConfigKey ORDERS = new ConfigKey("orders", "prod", "main");

    @Test
    void parse_readsTheThreeParts_andPrintsThemBack() {
        KeyPattern pattern = KeyPattern.parse("orders:*:main");

        assertThat(pattern).isEqualTo(new KeyPattern("orders", "*", "main"));
        assertThat(pattern).hasToString("orders:*:main");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "a:b:c:d", "a:b:c/d", "a:..:c", "a::c", "a b:c:d"})
    void parse_refusesABadPattern_namingIt(String text) {
        assertThatThrownBy(() -> KeyPattern.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid pattern '" + text + "'");
    }

    @Test
    void parse_refusesNull() {
        assertThatThrownBy(() -> KeyPattern.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pattern must be a string");
    }

    @Test
    void matches_literalsExactly_andStarAnything() {
        assertThat(KeyPattern.parse("orders:prod:main").matches(ORDERS)).isTrue();
        assertThat(KeyPattern.parse("*:*:*").matches(ORDERS)).isTrue();
        assertThat(KeyPattern.parse("orders:dev:*").matches(ORDERS)).isFalse();
        assertThat(KeyPattern.parse("billing:*:*").matches(ORDERS)).isFalse();
    }

    @Test
    void aKeyWithoutLabel_matchesOnlyAStarLabel() {
        ConfigKey unlabelled = new ConfigKey("orders", "prod", null);

        assertThat(KeyPattern.parse("orders:prod:*").matches(unlabelled)).isTrue();
        assertThat(KeyPattern.parse("orders:prod:main").matches(unlabelled)).isFalse();
    }

    @Test
    void candidatesFor_areTheEightPatternsThatMatchTheKey() {
        List<KeyPattern> candidates = KeyPattern.candidatesFor(ORDERS);

        assertThat(candidates).hasSize(8).doesNotHaveDuplicates().allMatch(pattern -> pattern.matches(ORDERS));
        assertThat(candidates).contains(KeyPattern.parse("orders:prod:main"), KeyPattern.parse("*:*:*"));
    }

    @Test
    void candidatesFor_aKeyWithoutLabel_areFour() {
        assertThat(KeyPattern.candidatesFor(new ConfigKey("orders", "prod", null)))
                .hasSize(4)
                .allMatch(pattern -> pattern.label().equals(KeyPattern.ANY));
    }
}

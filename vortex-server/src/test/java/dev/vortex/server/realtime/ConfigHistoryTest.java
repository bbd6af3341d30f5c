package dev.vortex.server.realtime;

import static dev.vortex.server.realtime.TestConfigs.BILLING;
import static dev.vortex.server.realtime.TestConfigs.ORDERS;
import static dev.vortex.server.realtime.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.server.config.ConfigChangeEvent;
import dev.vortex.server.config.ResolvedConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigHistoryTest {
    private final ConfigHistory history = new ConfigHistory(3, 100);

    @Test
    void theFirstConfigOfAKey_isAChangeFromNothing() {
        ResolvedConfig v1 = config(ORDERS, 1, Map.of("a", 1));

        Optional<ConfigChangeEvent> event = history.record(v1, 42);

        assertThat(event).isPresent();
        assertThat(event.get().previous()).isNull();
        assertThat(event.get().current()).isSameAs(v1);
        assertThat(event.get().detectedAtNanos()).isEqualTo(42);
        assertThat(history.current(ORDERS)).contains(v1);
        assertThat(history.keys()).containsExactly(ORDERS);
    }

    @Test
    void aNewVersion_isAChangeFromTheCurrentOne() {
        ResolvedConfig v1 = config(ORDERS, 1, Map.of("a", 1));
        ResolvedConfig v2 = config(ORDERS, 2, Map.of("a", 2));
        history.record(v1, 0);

        ConfigChangeEvent event = history.record(v2, 0).orElseThrow();

        assertThat(event.previous()).isSameAs(v1);
        assertThat(event.current()).isSameAs(v2);
    }

    @Test
    void theSameContentResolvedAgain_isNoChange_butBecomesCurrent() {
        ResolvedConfig v1 = config(ORDERS, 1, Map.of("a", 1));
        ResolvedConfig again = config(ORDERS, 2, Map.of("a", 1));
        history.record(v1, 0);

        assertThat(history.record(again, 0)).isEmpty();
        assertThat(history.current(ORDERS)).containsSame(again);
    }

    @Test
    void aResolutionThatStartedBeforeTheCurrentOne_isIgnored() {
        ResolvedConfig older = config(ORDERS, 1, Map.of("a", 1));
        ResolvedConfig newer = config(ORDERS, 2, Map.of("a", 2));
        history.record(newer, 0);

        assertThat(history.record(older, 0)).isEmpty();
        assertThat(history.current(ORDERS)).containsSame(newer);
    }

    @Test
    void find_remembersTheLastDepthVersionsOfEachKey() {
        ResolvedConfig v1 = config(ORDERS, 1, Map.of("a", 1));
        history.record(v1, 0);
        for (int i = 2; i <= 4; i++) {
            history.record(config(ORDERS, i, Map.of("a", i)), 0);
        }
        ResolvedConfig v2 = config(ORDERS, 2, Map.of("a", 2));

        assertThat(history.find(ORDERS, v1.version())).isEmpty();
        assertThat(history.find(ORDERS, v2.version()))
                .map(ResolvedConfig::version)
                .contains(v2.version());
        assertThat(history.find(ORDERS, null)).isEmpty();
        assertThat(history.find(BILLING, v2.version())).isEmpty();
    }

    @Test
    void unknownKey_hasNoCurrentConfig() {
        assertThat(history.current(BILLING)).isEmpty();
        assertThat(history.keys()).isEmpty();
    }

    @Test
    void aDepthBelowOne_isRefusedByValue() {
        assertThatThrownBy(() -> new ConfigHistory(0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");
    }
}

package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RealtimeSettingsTest {

    @Test
    void aBuilderStartsFromTheDefaults() {
        RealtimeSettings settings = RealtimeSettings.builder().build();

        assertThat(settings).isEqualTo(RealtimeSettings.DEFAULTS);
        assertThat(settings.pingInterval()).isEqualTo(RealtimeSettings.DEFAULT_PING_INTERVAL);
        assertThat(settings.maxFrameBytes()).isEqualTo(RealtimeSettings.DEFAULT_MAX_FRAME_BYTES);
        assertThat(settings.compression()).isEqualTo(RealtimeSettings.DEFAULT_COMPRESSION);
    }

    @Test
    void toBuilder_changesOnlyWhatIsSet() {
        RealtimeSettings changed = RealtimeSettings.DEFAULTS.toBuilder()
                .historyDepth(3)
                .compression(false)
                .build();

        assertThat(changed.historyDepth()).isEqualTo(3);
        assertThat(changed.compression()).isFalse();
        assertThat(changed.toBuilder()
                        .historyDepth(RealtimeSettings.DEFAULT_HISTORY_DEPTH)
                        .compression(true)
                        .build())
                .isEqualTo(RealtimeSettings.DEFAULTS);
    }

    @Test
    void build_refusesABadValue_namingIt() {
        assertThatThrownBy(() ->
                        RealtimeSettings.builder().pongTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pong timeout must be positive, was PT0S");
        assertThatThrownBy(() -> RealtimeSettings.builder().historyDepth(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("history depth must be at least 1, was 0");
    }
}

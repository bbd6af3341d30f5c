package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.realtime.Heartbeat.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aPingIsDueOneIntervalAfterOpening() {
        assertThat(Heartbeat.due(30_999, 1_000, false, INTERVAL, TIMEOUT)).isEqualTo(Action.NONE);
        assertThat(Heartbeat.due(31_000, 1_000, false, INTERVAL, TIMEOUT)).isEqualTo(Action.PING);
    }

    @Test
    void whileAPingIsUnanswered_noOtherIsDue_andTheTimeoutCountsFromIt() {
        assertThat(Heartbeat.due(31_001, 31_000, true, INTERVAL, TIMEOUT)).isEqualTo(Action.NONE);
        assertThat(Heartbeat.due(40_999, 31_000, true, INTERVAL, TIMEOUT)).isEqualTo(Action.NONE);
        assertThat(Heartbeat.due(41_000, 31_000, true, INTERVAL, TIMEOUT)).isEqualTo(Action.TIMED_OUT);
    }

    @Test
    void afterAnAnswer_theNextPingComesAnIntervalAfterTheLast() {
        assertThat(Heartbeat.due(59_999, 30_000, false, INTERVAL, TIMEOUT)).isEqualTo(Action.NONE);
        assertThat(Heartbeat.due(60_000, 30_000, false, INTERVAL, TIMEOUT)).isEqualTo(Action.PING);
    }
}

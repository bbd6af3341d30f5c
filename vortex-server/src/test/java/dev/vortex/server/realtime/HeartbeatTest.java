package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.realtime.Heartbeat.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aPingIsDueOneIntervalAfterOpening_andCountsAsSent() {
        Heartbeat heartbeat = new Heartbeat(1_000);

        assertThat(heartbeat.tick(30_999, INTERVAL, TIMEOUT)).isEqualTo(Action.NONE);
        assertThat(heartbeat.tick(31_000, INTERVAL, TIMEOUT)).isEqualTo(Action.PING);
        assertThat(heartbeat.tick(31_001, INTERVAL, TIMEOUT)).isEqualTo(Action.NONE);
    }

    @Test
    void noAnswerWithinTheTimeout_timesOut() {
        Heartbeat heartbeat = new Heartbeat(0);
        heartbeat.tick(30_000, INTERVAL, TIMEOUT);

        assertThat(heartbeat.tick(39_999, INTERVAL, TIMEOUT)).isEqualTo(Action.NONE);
        assertThat(heartbeat.tick(40_000, INTERVAL, TIMEOUT)).isEqualTo(Action.TIMED_OUT);
    }

    @Test
    void anAnswer_givesTheRoundTrip_andTheNextPingComesAnIntervalAfterTheLast() {
        Heartbeat heartbeat = new Heartbeat(0);
        heartbeat.tick(30_000, INTERVAL, TIMEOUT);

        assertThat(heartbeat.alive(30_250)).isEqualTo(250);
        assertThat(heartbeat.alive(30_300)).isEqualTo(-1);
        assertThat(heartbeat.tick(59_999, INTERVAL, TIMEOUT)).isEqualTo(Action.NONE);
        assertThat(heartbeat.tick(60_000, INTERVAL, TIMEOUT)).isEqualTo(Action.PING);
    }

    @Test
    void framesBeforeAnyPing_measureNothing() {
        Heartbeat heartbeat = new Heartbeat(0);

        assertThat(heartbeat.alive(5_000)).isEqualTo(-1);
    }
}

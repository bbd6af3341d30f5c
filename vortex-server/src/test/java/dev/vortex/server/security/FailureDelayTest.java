package dev.vortex.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.server.realtime.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link FailureDelay}: the count per address, the doubling, the cap and the window, on a clock the test moves. */
class FailureDelayTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FailureDelay delay = new FailureDelay(
            new FailureDelaySettings(
                    true, 3, Duration.ofMinutes(1), Duration.ofMillis(250), Duration.ofSeconds(2), 100),
            clock);

    @Test
    void theFirstFailures_areAnsweredAtOnce_thenTheDelayDoublesUpToTheCap() {
        for (int i = 0; i < 3; i++) {
            assertThat(delay.failed("10.0.0.1")).isZero();
        }
        assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofMillis(250));
        assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofMillis(500));
        assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 100; i++) {
            assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void anotherAddress_isNotAffected() {
        for (int i = 0; i < 10; i++) {
            delay.failed("10.0.0.1");
        }
        assertThat(delay.failed("10.0.0.2")).isZero();
        assertThat(delay.failures("10.0.0.2")).isEqualTo(1);
    }

    @Test
    void anAddressIsForgotten_aWindowAfterItsLastFailure_notAfterItsFirst() {
        for (int i = 0; i < 3; i++) {
            delay.failed("10.0.0.1");
            clock.advance(Duration.ofSeconds(50));
        }
        // 100 s since the first failure, 50 s since the last: still counted.
        assertThat(delay.failed("10.0.0.1")).isEqualTo(Duration.ofMillis(250));

        clock.advance(Duration.ofSeconds(61));

        assertThat(delay.failures("10.0.0.1")).isZero();
        assertThat(delay.failed("10.0.0.1")).isZero();
    }

    @Test
    void disabled_neverDelays() {
        FailureDelay off = new FailureDelay(
                new FailureDelaySettings(
                        false, 0, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(2), 1),
                clock);
        for (int i = 0; i < 10; i++) {
            assertThat(off.failed("10.0.0.1")).isZero();
        }
    }

    @Test
    void badSettings_areRefused_namingTheValue() {
        assertThatThrownBy(() -> new FailureDelaySettings(
                        true, 5, Duration.ofMinutes(1), Duration.ofSeconds(3), Duration.ofSeconds(2), 10))
                .hasMessage("security.failure-delay.first-delay-millis (3000) must be between 0 and"
                        + " max-delay-millis (2000)");
        assertThatThrownBy(() -> new FailureDelaySettings(
                        true, 5, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), 10))
                .hasMessage("security.failure-delay.window-seconds must be > 0, not 0");
    }
}

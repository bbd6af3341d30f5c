package dev.vortex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void fullJitter_isUniformBelowTheExponentialCeiling_cappedAtTheCap() {
        Backoff highest = Backoff.fullJitter(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.999_999);
        assertThat(highest.delay(0)).isEqualTo(Duration.ofMillis(499));
        assertThat(highest.delay(1)).isEqualTo(Duration.ofMillis(999));
        assertThat(highest.delay(5)).isEqualTo(Duration.ofMillis(15_999));
        assertThat(highest.delay(6)).isEqualTo(Duration.ofMillis(29_999));
        assertThat(highest.delay(1_000)).isEqualTo(Duration.ofMillis(29_999));
        Backoff lowest = Backoff.fullJitter(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);
        assertThat(lowest.delay(3)).isZero();
    }

    @Test
    void theDefaultRandom_staysWithinBounds() {
        Backoff backoff = Backoff.protocolDefault();
        for (int attempt = 0; attempt < 50; attempt++) {
            assertThat(backoff.delay(attempt)).isBetween(Duration.ZERO, Duration.ofSeconds(30));
        }
    }

    @Test
    void badBounds_areRefusedByValue() {
        assertThatThrownBy(() -> Backoff.fullJitter(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("base must be positive, was PT0S");
        assertThatThrownBy(() -> Backoff.fullJitter(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("cap must be at least the base PT2S, was PT1S");
    }
}

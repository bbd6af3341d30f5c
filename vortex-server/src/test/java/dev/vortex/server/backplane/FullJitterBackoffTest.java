package dev.vortex.server.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FullJitterBackoffTest {

    @Test
    void delaysStayUnderACeilingThatDoublesUpToTheMaximum_andStartOverAfterASuccess() {
        FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(backoff.retrying()).isFalse();
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long ceiling : ceilings) {
            long delay = backoff.nextDelayMillis();
            assertThat(delay).isBetween(1L, ceiling);
        }
        assertThat(backoff.retrying()).isTrue();
        backoff.reset();
        assertThat(backoff.retrying()).isFalse();
        assertThat(backoff.nextDelayMillis()).isBetween(1L, 100L);
    }

    @Test
    void delaysAreSpreadOverTheWholeRange() {
        // Full jitter: many instances cut off at once come back spread out, not in lockstep.
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (int i = 0; i < 1_000; i++) {
            FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(1_000), Duration.ofSeconds(1));
            long delay = backoff.nextDelayMillis();
            smallest = Math.min(smallest, delay);
            largest = Math.max(largest, delay);
        }
        assertThat(smallest).isLessThan(100);
        assertThat(largest).isGreaterThan(900);
    }
}

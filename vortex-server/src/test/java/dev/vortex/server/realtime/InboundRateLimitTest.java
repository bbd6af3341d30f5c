package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.realtime.InboundRateLimit.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundRateLimitTest {

    private static List<Verdict> admit(InboundRateLimit limit, long nowMillis, int messages) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            verdicts.add(limit.admit(nowMillis));
        }
        return verdicts;
    }

    @Test
    void withinTheLimit_everyMessageIsAllowed() {
        InboundRateLimit limit = new InboundRateLimit(3, 0);

        assertThat(admit(limit, 500, 3)).containsOnly(Verdict.ALLOWED);
    }

    @Test
    void overTheLimit_theFirstDroppedIsReported_theRestDroppedQuietly_untilTheNextWindow() {
        InboundRateLimit limit = new InboundRateLimit(2, 0);

        assertThat(admit(limit, 10, 4))
                .containsExactly(Verdict.ALLOWED, Verdict.ALLOWED, Verdict.FIRST_DROPPED, Verdict.DROPPED);
        assertThat(limit.admit(1000)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void threeWindowsOverTheLimitInARow_areAFlood() {
        InboundRateLimit limit = new InboundRateLimit(1, 0);

        assertThat(admit(limit, 0, 2)).endsWith(Verdict.FIRST_DROPPED);
        assertThat(admit(limit, 1000, 2)).endsWith(Verdict.FIRST_DROPPED);
        assertThat(admit(limit, 2000, 2)).endsWith(Verdict.FLOOD);
    }

    @Test
    void anIdleSecondBetweenWindowsOverTheLimit_resetsTheCount() {
        InboundRateLimit limit = new InboundRateLimit(1, 0);

        admit(limit, 0, 2);
        admit(limit, 1000, 2);
        // More than two windows later: not back-to-back, so the count starts again.
        assertThat(admit(limit, 3500, 2)).endsWith(Verdict.FIRST_DROPPED);
        assertThat(admit(limit, 4500, 2)).endsWith(Verdict.FIRST_DROPPED);
        assertThat(admit(limit, 5500, 2)).endsWith(Verdict.FLOOD);
    }
}

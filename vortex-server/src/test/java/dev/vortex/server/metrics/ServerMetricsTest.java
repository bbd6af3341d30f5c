package dev.vortex.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerMetrics#recordHttpRequest}: its timers, made once per method, route and status, scrape exactly as
 * the timers built per request did; made-up methods share one series; past the cap, requests are still recorded.
 */
class ServerMetricsTest {
    /** Method, route, status and duration of the requests both registries record. */
    private static final List<Object[]> REQUESTS = List.of(
            new Object[] {"GET", "/{application}/{profile}", 200, 1_200_000L},
            new Object[] {"GET", "/{application}/{profile}", 200, 35_000_000L},
            new Object[] {"GET", "/{application}/{profile}/{label}", 404, 800_000L},
            new Object[] {"POST", "/monitor", 202, 2_000_000_000L},
            new Object[] {"DELETE", "/cache", 401, 300_000L},
            new Object[] {"HEAD", "UNMATCHED", 404, 50_000L},
            new Object[] {"GET", "/{application}/{profile}", 500, 7_000_000L},
            new Object[] {"GET", "/actuator/prometheus", 304, 90_000L},
            new Object[] {"GET", "/{application}/{profile}", 200, 2_500_000L});

    @Test
    void theJvmMeters_boundInTheBackground_areInTheFirstScrape() {
        try (ServerMetrics metrics = new ServerMetrics()) {
            // No waiting here: the scrape itself waits for the binding thread.
            assertThat(metrics.scrape())
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_threads_live_threads")
                    .contains("jvm_classes_loaded_classes")
                    .contains("process_uptime_seconds")
                    .contains("system_cpu_count");
        }
    }

    @Test
    void cachedTimers_scrapeExactlyAsTimersBuiltPerRequest() {
        try (ServerMetrics metrics = new ServerMetrics()) {
            PrometheusMeterRegistry reference = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            for (Object[] request : REQUESTS) {
                metrics.recordHttpRequest(
                        (String) request[0], (String) request[1], (int) request[2], (long) request[3]);
                recordAsBefore(
                        reference, (String) request[0], (String) request[1], (int) request[2], (long) request[3]);
            }

            assertThat(httpLines(metrics.scrape()))
                    .isNotEmpty()
                    .containsExactlyElementsOf(httpLines(reference.scrape()));
            assertThat(metrics.cachedHttpTimers()).isEqualTo(7);
        }
    }

    @Test
    void aRequestLikeAnEarlierOne_isRecordedInTheSameTimer() {
        try (ServerMetrics metrics = new ServerMetrics()) {
            for (int i = 0; i < 5; i++) {
                metrics.recordHttpRequest("GET", "/{application}/{profile}", 200, 1_000_000L);
            }

            List<Timer> timers =
                    List.copyOf(metrics.registry().find("http.server.requests").timers());
            assertThat(timers).hasSize(1);
            assertThat(timers.get(0).count()).isEqualTo(5);
            assertThat(metrics.cachedHttpTimers()).isEqualTo(1);
        }
    }

    @Test
    void madeUpMethods_shareTheOtherSeries_standardOnesKeepTheirNames() {
        try (ServerMetrics metrics = new ServerMetrics()) {
            metrics.recordHttpRequest("BREW", "UNMATCHED", 405, 1_000L);
            metrics.recordHttpRequest("X-ANYTHING-1", "UNMATCHED", 405, 1_000L);
            metrics.recordHttpRequest("PATCH", "UNMATCHED", 405, 1_000L);

            String scrape = metrics.scrape();
            assertThat(scrape)
                    .contains("method=\"OTHER\"")
                    .contains("method=\"PATCH\"")
                    .doesNotContain("BREW")
                    .doesNotContain("X-ANYTHING-1");
            assertThat(metrics.registry()
                            .get("http.server.requests")
                            .tag("method", "OTHER")
                            .timer()
                            .count())
                    .isEqualTo(2);
        }
    }

    @Test
    void pastTheCap_requestsAreStillRecorded_butNoMoreTimersAreKept() {
        try (ServerMetrics metrics = new ServerMetrics()) {
            int statuses = ServerMetrics.MAX_CACHED_HTTP_TIMERS + 10;
            for (int status = 0; status < statuses; status++) {
                metrics.recordHttpRequest("GET", "/x", 1000 + status, 1_000L);
            }
            metrics.recordHttpRequest("GET", "/x", 1000 + statuses - 1, 1_000L);

            assertThat(metrics.cachedHttpTimers()).isEqualTo(ServerMetrics.MAX_CACHED_HTTP_TIMERS);
            assertThat(metrics.registry()
                            .get("http.server.requests")
                            .tag("status", Integer.toString(1000 + statuses - 1))
                            .timer()
                            .count())
                    .isEqualTo(2);
        }
    }

    /** What {@code recordHttpRequest} did before its timers were cached: a builder and a look-up per request. */
    private static void recordAsBefore(
            PrometheusMeterRegistry registry, String method, String uri, int status, long nanos) {
        String outcome = status >= 500
                ? "SERVER_ERROR"
                : status >= 400 ? "CLIENT_ERROR" : status >= 300 ? "REDIRECTION" : "SUCCESS";
        Timer.builder("http.server.requests")
                .description("HTTP requests by route and status")
                .tag("method", method)
                .tag("uri", uri)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    private static List<String> httpLines(String scrape) {
        return scrape.lines()
                .filter(line -> line.contains("http_server_requests"))
                .toList();
    }
}

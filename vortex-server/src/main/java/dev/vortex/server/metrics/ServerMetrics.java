package dev.vortex.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's meter registry, exposed at {@code /actuator/prometheus}: JVM and process meters, plus the
 * meters that the HTTP layer and the cache record. Meter names follow Spring Boot's, so existing dashboards
 * for Spring Cloud Config keep working ({@code http_server_requests_seconds}, {@code cache_gets_total}).
 *
 * <p>Thread-safe: every event loop records its requests here.
 */
public final class ServerMetrics implements AutoCloseable {
    /**
     * The most request timers kept ready. The tags are bounded already (methods outside {@link #METHODS} are
     * {@link #OTHER_METHOD}, routes are the server's templates, statuses the server's own), so the cap is never
     * reached in practice; past it, timers are built per request as they were before the cache.
     */
    static final int MAX_CACHED_HTTP_TIMERS = 2_000;

    /** The methods recorded under their own name; a client may send any token as a method. */
    static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");

    /** The method tag of every other method, so that clients cannot make one series per made-up method. */
    static final String OTHER_METHOD = "OTHER";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * The timer of each method, route and status seen: building one (tags sorted, an id made, the registry
     * searched) for every request cost about 1 % of an event loop's time.
     */
    private final ConcurrentMap<HttpRequestTags, Timer> httpTimers = new ConcurrentHashMap<>();

    /** The tags that tell one request timer from another; the outcome follows from the status. */
    private record HttpRequestTags(String method, String uri, int status) {}

    /** Creates the registry and binds the JVM meters. */
    public ServerMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The registry, for components that publish their own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * Records one HTTP request.
     *
     * @param method the HTTP method, as the client sent it (recorded as {@code OTHER} unless a standard one)
     * @param uri the route template (never the raw path, which would make one series per application)
     * @param status the response status
     * @param nanos how long the request took
     */
    public void recordHttpRequest(String method, String uri, int status, long nanos) {
        HttpRequestTags tags = new HttpRequestTags(METHODS.contains(method) ? method : OTHER_METHOD, uri, status);
        Timer timer = httpTimers.get(tags);
        if (timer == null) {
            timer = httpTimer(tags);
            if (httpTimers.size() < MAX_CACHED_HTTP_TIMERS) {
                // Two loops may build the same timer at once: the registry hands both the same one.
                httpTimers.putIfAbsent(tags, timer);
            }
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** How many request timers are kept ready (for tests). */
    int cachedHttpTimers() {
        return httpTimers.size();
    }

    private Timer httpTimer(HttpRequestTags tags) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests by route and status")
                .tag("method", tags.method())
                .tag("uri", tags.uri())
                .tag("status", Integer.toString(tags.status()))
                .tag("outcome", outcome(tags.status()))
                .publishPercentileHistogram()
                .register(registry);
    }

    private static String outcome(int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        if (status >= 300) {
            return "REDIRECTION";
        }
        return "SUCCESS";
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}

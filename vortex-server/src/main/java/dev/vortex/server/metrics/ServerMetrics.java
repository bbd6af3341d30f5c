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
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);

    /** The most a scrape waits for the JVM meters (a stuck JMX would otherwise hold every scrape). */
    private static final Duration JVM_METERS_TIMEOUT = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * The timer of each method, route and status seen: building one (tags sorted, an id made, the registry
     * searched) for every request cost about 1 % of an event loop's time.
     */
    private final ConcurrentMap<HttpRequestTags, Timer> httpTimers = new ConcurrentHashMap<>();

    /** The tags that tell one request timer from another; the outcome follows from the status. */
    private record HttpRequestTags(String method, String uri, int status) {}

    /**
     * The JVM and process meters, bound on a thread of their own: they go through JMX, whose platform beans take
     * ~0.1-0.15 s to set up, which a start need not wait for. A scrape waits for them.
     */
    private final CompletableFuture<Void> jvmMetersBound;

    /** Creates the registry, and starts binding the JVM meters in the background. */
    public ServerMetrics() {
        this.jvmMetersBound = CompletableFuture.runAsync(this::bindJvmMeters, runnable -> {
            Thread thread = new Thread(runnable, "vortex-jvm-meters");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private void bindJvmMeters() {
        try {
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            gcMetrics.bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
        } catch (RuntimeException e) {
            // The server's own meters still work; only the JVM's are missing, and the log says why.
            LOG.warn("cannot bind the JVM meters: {}", e.toString());
        }
    }

    /** Waits until the JVM meters are bound (a scrape and a close do; for tests too). */
    void awaitJvmMeters() {
        try {
            jvmMetersBound.get(JVM_METERS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the JVM meters are not bound yet: {}", e.toString());
        }
    }

    /** The registry, for components that publish their own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        awaitJvmMeters();
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
        awaitJvmMeters();
        gcMetrics.close();
        registry.close();
    }
}

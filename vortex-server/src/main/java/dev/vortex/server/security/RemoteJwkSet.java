package dev.vortex.server.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.health.HealthReport;
import com.nimbusds.jose.util.health.HealthStatus;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The keys of a JWK set URL ({@code security.jwt.jwks-url}), fetched and kept by Nimbus's
 * {@link JWKSourceBuilder}: cached for {@link #TIME_TO_LIVE} and refreshed ahead of expiry in the background;
 * a token whose {@code kid} is not in the cached set makes it fetch again, at most twice every
 * {@link #RATE_LIMIT}, so that tokens with made-up key ids cannot make the server hammer the issuer; while the
 * issuer is unreachable the last fetched set stays in use for up to {@link #OUTAGE_TOLERANCE}.
 *
 * <p>Fetching blocks (HTTP, with {@link #HTTP_TIMEOUT} to connect and to read): {@link #get} and
 * {@link #prefetch()} are for worker threads only. Time comes from the injected clock, so that tests drive the
 * cache and the rate limit.
 */
final class RemoteJwkSet implements JWKSource<SecurityContext>, AutoCloseable {
    /** How long a fetched set is used before it is fetched again. */
    static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    /** Two fetches at most per this interval (the cache's own refreshes included). */
    static final Duration RATE_LIMIT = Duration.ofSeconds(30);
    /** How long the last fetched set stays in use while the URL cannot be fetched. */
    static final Duration OUTAGE_TOLERANCE = Duration.ofHours(1);
    /** The connect and the read timeout of one fetch. */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(15);
    private static final int SIZE_LIMIT = 256 * 1024;

    private final URI url;
    private final Clock clock;
    private final JWKSetSource<SecurityContext> source;
    /** The outcome of the last fetch, or {@code null} before the first has finished. */
    private volatile HealthReport<?, ?> lastFetch;

    /**
     * @throws IllegalArgumentException when {@code url} is not a URL
     */
    RemoteJwkSet(URI url, Clock clock) {
        this.url = url;
        this.clock = clock;
        DefaultResourceRetriever retriever =
                new DefaultResourceRetriever((int) HTTP_TIMEOUT.toMillis(), (int) HTTP_TIMEOUT.toMillis(), SIZE_LIMIT);
        try {
            JWKSource<SecurityContext> built = JWKSourceBuilder.<SecurityContext>create(url.toURL(), retriever)
                    .cache(TIME_TO_LIVE.toMillis(), REFRESH_TIMEOUT.toMillis())
                    .refreshAheadCache(true)
                    .rateLimited(RATE_LIMIT.toMillis())
                    .outageTolerant(OUTAGE_TOLERANCE.toMillis())
                    .healthReporting(report -> lastFetch = report)
                    .build();
            // The chain below the builder's top, so that the time handed to it is the injected clock's.
            this.source = ((JWKSetBasedJWKSource<SecurityContext>) built).getJWKSetSource();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "security.jwt.jwks-url '" + url + "' is not a URL: " + e.getMessage(), e);
        }
    }

    /** The URL the keys come from. */
    URI url() {
        return url;
    }

    /**
     * The keys {@code selector} picks: from the cached set, or, when it has none that match (a new
     * {@code kid}), from a fresh fetch if the rate limit allows one. Blocking.
     */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = clock.millis();
        JWKSet cached = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> keys = selector.select(cached);
        if (!keys.isEmpty()) {
            return keys;
        }
        return selector.select(source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(cached), now, context));
    }

    /**
     * Fetches the set unless it is cached. Blocking.
     *
     * @throws KeySourceException when the URL cannot be fetched or does not hold a JWK set
     */
    void prefetch() throws KeySourceException {
        source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), clock.millis(), null);
    }

    /** How the last fetch went. */
    JwkSetHealth health() {
        HealthReport<?, ?> report = lastFetch;
        if (report == null) {
            return new JwkSetHealth("UNKNOWN", Map.of("url", url.toString()));
        }
        if (report.getHealthStatus() == HealthStatus.HEALTHY) {
            return new JwkSetHealth("UP", Map.of("url", url.toString()));
        }
        Exception problem = report.getException();
        return new JwkSetHealth(
                "DOWN",
                Map.of(
                        "url",
                        url.toString(),
                        "error",
                        problem == null ? "fetch failed" : String.valueOf(problem.getMessage())));
    }

    /** Stops the background refresh. */
    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            // Nothing is left to release that a failure here could keep.
        }
    }
}

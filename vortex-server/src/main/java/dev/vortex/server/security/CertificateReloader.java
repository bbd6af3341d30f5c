package dev.vortex.server.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a renewed certificate without a restart. Every {@link TlsSettings#reloadInterval()} it looks at the
 * size, time and identity of the certificate and key files (two {@code stat}s); when they changed, it reads and
 * checks the new pair ({@link ServerCertificate#read}) and hands it to {@code install} (Vert.x's {@code
 * HttpServer.updateSSLOptions}): new connections get the new certificate, open ones keep the session they have.
 * A pair that cannot be used (half written, key and certificate of different renewals, unreadable) is logged
 * once as an error and the pair in use stays; the files are looked at again at each interval, so a pair that is
 * later completed is taken then.
 *
 * <p>Threading: a {@link TickerPoll} samples {@code ticker}; a check that is due runs on a worker thread, where
 * the files are read, one check at a time (the end of one publishes the state it left for the next one).
 */
public final class CertificateReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);
    /** The timer's period at most: the ticker is sampled this often, so a test's clock is followed closely. */
    private static final long MAX_SAMPLE_MILLIS = 1_000;

    private final Vertx vertx;
    private final TlsSettings settings;
    private final Function<ServerCertificate, Future<?>> install;
    private final TickerPoll poll;
    // Read and written by the one check under way only (see the threading note).
    private ServerCertificate inUse;
    private List<Object> refused;

    private CertificateReloader(
            Vertx vertx,
            TlsSettings settings,
            ServerCertificate inUse,
            LongSupplier ticker,
            Function<ServerCertificate, Future<?>> install) {
        this.vertx = vertx;
        this.settings = settings;
        this.inUse = inUse;
        this.install = install;
        Duration interval = settings.reloadInterval();
        this.poll = TickerPoll.start(
                vertx,
                interval,
                Duration.ofMillis(Math.min(MAX_SAMPLE_MILLIS, interval.toMillis())),
                ticker,
                this::check);
    }

    /**
     * Starts watching the files of {@code settings}.
     *
     * @param vertx where the timer and the worker threads come from
     * @param settings the files and how often they are looked at
     * @param inUse the pair the servers were started with
     * @param ticker nanoseconds, as {@link System#nanoTime()}: the time the interval is measured in
     * @param install makes the servers use a new pair for new connections; a failed future keeps the old one
     * @return the running reloader, to {@link #close()} with the servers
     */
    public static CertificateReloader start(
            Vertx vertx,
            TlsSettings settings,
            ServerCertificate inUse,
            LongSupplier ticker,
            Function<ServerCertificate, Future<?>> install) {
        return new CertificateReloader(vertx, settings, inUse, ticker, install);
    }

    private Future<?> check() {
        return vertx.executeBlocking(this::renewal, false)
                .compose(renewed -> renewed.<Future<?>>map(this::installed).orElse(Future.succeededFuture()));
    }

    /** On a worker: the new pair when the files changed and hold one that can be used. */
    private Optional<ServerCertificate> renewal() {
        List<Object> stamp;
        try {
            stamp = ServerCertificate.stamp(settings);
        } catch (IllegalArgumentException e) {
            // A file that vanished (between the removal and the creation of a renewal, say): once per reason.
            refuse(List.of(e.getMessage()), e.getMessage());
            return Optional.empty();
        }
        if (stamp.equals(inUse.stamp()) || stamp.equals(refused)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServerCertificate.read(settings));
        } catch (IllegalArgumentException e) {
            refuse(stamp, e.getMessage());
            return Optional.empty();
        }
    }

    private Future<?> installed(ServerCertificate renewed) {
        return install.apply(renewed)
                .onSuccess(done -> {
                    LOG.info(
                            "TLS certificate reloaded from {}: new connections get {}",
                            settings.certificate(),
                            renewed.describe());
                    inUse = renewed;
                    refused = null;
                })
                .onFailure(e -> refuse(renewed.stamp(), e.toString()));
    }

    private void refuse(List<Object> stamp, String reason) {
        if (stamp.equals(refused)) {
            return;
        }
        refused = stamp;
        LOG.error("the renewed TLS certificate cannot be used, still serving {}: {}", inUse.describe(), reason);
    }

    /** The checks done so far: tests wait for the next one instead of for a time. */
    long checks() {
        return poll.polls();
    }

    /** Stops looking at the files; a check under way finishes on its own. */
    @Override
    public void close() {
        poll.close();
    }
}

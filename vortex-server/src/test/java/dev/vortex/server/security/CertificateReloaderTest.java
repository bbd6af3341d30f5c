package dev.vortex.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vortex.server.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * How renewed certificate files are taken, or refused, by {@link CertificateReloader}, with real files and Vert.x's
 * timers and workers; time is a ticker the test moves. What the servers do with a new pair is {@code TlsTest}'s.
 */
class CertificateReloaderTest {
    /** Short, because the timer samples the ticker this often; the ticker, not the wall clock, makes a check due. */
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong ticker = new AtomicLong();
    private final List<ServerCertificate> installed = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CertificateReloader.class);
    private TestCertificates inUse;
    private TlsSettings settings;
    private CertificateReloader reloader;

    @BeforeEach
    void start() {
        log.start();
        logger.addAppender(log);
        inUse = TestCertificates.ec(dir, "served");
        settings = new TlsSettings(inUse.certificate(), inUse.key(), INTERVAL);
        reloader =
                CertificateReloader.start(vertx, settings, ServerCertificate.read(settings), ticker::get, renewed -> {
                    installed.add(renewed);
                    return Future.succeededFuture();
                });
    }

    @AfterEach
    void stop() {
        reloader.close();
        logger.detachAppender(log);
        vertx.close().await();
    }

    /** Moves time past the interval and waits until the check that is then due has been done. */
    private void nextCheck() {
        long before = reloader.checks();
        ticker.addAndGet(INTERVAL.toNanos());
        await().atMost(TIMEOUT).until(() -> reloader.checks() > before);
    }

    private List<String> errors() {
        return log.list.stream()
                .filter(event -> event.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void aRenewedPair_isInstalledOnce_atTheNextCheck() throws IOException {
        TestCertificates renewal = TestCertificates.rsa(dir, "renewal");
        renewal.replace(inUse);
        assertThat(reloader.checks())
                .as("nothing is looked at before the interval")
                .isZero();

        nextCheck();
        nextCheck();

        assertThat(installed).hasSize(1);
        assertThat(installed.get(0).certificate()).isEqualTo(renewal.x509());
        assertThat(errors()).isEmpty();
        assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("TLS certificate reloaded from " + inUse.certificate())
                .contains("CN=renewal"));
    }

    @Test
    void unchangedFiles_areNotReadAgain() {
        nextCheck();
        nextCheck();

        assertThat(installed).isEmpty();
        assertThat(log.list).isEmpty();
    }

    @Test
    void aCertificateWithoutItsKey_keepsThePairInUse_andIsLoggedOnce_untilTheKeyFollows() throws IOException {
        TestCertificates renewal = TestCertificates.ec(dir, "renewal");
        // The certificate is renewed, the key is not (yet).
        Files.copy(renewal.certificate(), inUse.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        nextCheck();
        nextCheck();
        nextCheck();

        assertThat(installed).isEmpty();
        assertThat(errors())
                .singleElement()
                .asString()
                .contains("the renewed TLS certificate cannot be used, still serving CN=served")
                .contains("the TLS key file " + inUse.key())
                .contains("does not belong to the certificate in " + inUse.certificate());

        Files.copy(renewal.key(), inUse.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        nextCheck();

        assertThat(installed).singleElement().satisfies(pair -> assertThat(pair.certificate())
                .isEqualTo(renewal.x509()));
        assertThat(errors()).hasSize(1);
    }

    @Test
    void aVanishedFile_keepsThePairInUse_andIsLoggedOnce() throws IOException {
        Files.delete(inUse.key());

        nextCheck();
        nextCheck();

        assertThat(installed).isEmpty();
        assertThat(errors()).singleElement().asString().contains("cannot read the TLS key file " + inUse.key());
    }

    @Test
    void aPairThatTheServersRefuse_isLoggedOnce() throws Exception {
        reloader.close();
        reloader = CertificateReloader.start(
                vertx,
                settings,
                ServerCertificate.read(settings),
                ticker::get,
                renewed -> Future.failedFuture(new IllegalStateException("refused by the server")));
        TestCertificates.ec(dir, "renewal").replace(inUse);

        nextCheck();
        nextCheck();

        assertThat(errors()).singleElement().asString().contains("refused by the server");
    }

    @Test
    void aReloadIntervalMustBePositive() {
        assertThatThrownBy(() -> new TlsSettings(inUse.certificate(), inUse.key(), Duration.ZERO))
                .hasMessageContaining("tls.reload-interval must be positive");
    }
}

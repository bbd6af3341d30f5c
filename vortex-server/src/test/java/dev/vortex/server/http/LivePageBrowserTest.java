package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.HeadlessChromium;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import dev.vortex.server.realtime.RealtimeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in a real headless Chromium against a real server: it shows the config, highlights a change
 * as it arrives, and reconnects by itself when the server restarts. Skipped (with the reason) on a machine
 * without Chromium; {@code .ci/run} installs it.
 */
class LivePageBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Clients come back within this after a shutdown's connection_closing. */
    private static final Duration RECONNECT = Duration.ofMillis(300);

    @TempDir
    Path repo;

    private VortexServer server;
    private HeadlessChromium browser;

    @BeforeEach
    void start() throws IOException {
        Path chromium = HeadlessChromium.find().orElse(null);
        Assumptions.assumeTrue(
                chromium != null, "no Chromium on this machine (apt-get install chromium, or set VORTEX_CHROMIUM)");
        write("orders:\n  limit: 5\n  currency: EUR\n");
        server = startServer(0);
        browser = HeadlessChromium.start(chromium);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private VortexServer startServer(int port) {
        return VortexServer.start(TestServers.nativeSettings(repo)
                .port(port)
                .realtime(
                        RealtimeSettings.builder().maxReconnectDelay(RECONNECT).build())
                .build());
    }

    private void write(String yaml) throws IOException {
        Path temporary = repo.resolve("orders.yml.tmp");
        Files.writeString(temporary, yaml);
        Files.move(temporary, repo.resolve("orders.yml"), StandardCopyOption.ATOMIC_MOVE);
    }

    private String text(String id) {
        return browser.evaluate("document.getElementById('" + id + "').textContent")
                .asText();
    }

    private String state() {
        return browser.evaluate("document.getElementById('state').dataset.state")
                .asText();
    }

    @Test
    void showsTheConfig_highlightsEachChange_andReconnectsAfterARestart() throws IOException {
        browser.navigate("http://127.0.0.1:" + server.port() + "/#orders/prod");

        await().atMost(WAIT).until(() -> state().equals("live") && text("tree").contains("EUR"));
        assertThat(text("tree")).contains("limit").contains("5");
        assertThat(text("key")).contains("orders").contains("prod");
        String firstVersion = text("version");

        write("orders:\n  limit: 7\n  currency: EUR\n");

        await().atMost(WAIT).until(() -> text("tree").contains("7"));
        assertThat(browser.evaluate("document.querySelectorAll('#tree .flash').length")
                        .asInt())
                .as("the changed value is highlighted")
                .isPositive();
        assertThat(browser.evaluate("document.querySelectorAll('#log li').length")
                        .asInt())
                .as("the change is in the log")
                .isPositive();
        assertThat(text("version")).isNotEqualTo(firstVersion);

        int port = server.port();
        server.close();
        await().atMost(WAIT).until(() -> !state().equals("live"));
        write("orders:\n  limit: 9\n  currency: EUR\n");
        server = startServer(port);

        await().atMost(WAIT).until(() -> state().equals("live") && text("tree").contains("9"));
        assertThat(text("tree")).doesNotContain("7");
    }
}

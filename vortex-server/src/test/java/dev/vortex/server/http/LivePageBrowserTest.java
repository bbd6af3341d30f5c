package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.server.HeadlessChromium;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.security.Grants;
import dev.vortex.server.security.SecuritySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
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

    private static final String API_KEY = "live-page-key-0123456789abcdef";

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
        return startServer(port, SecuritySettings.NONE);
    }

    private VortexServer startServer(int port, SecuritySettings security) {
        return VortexServer.start(TestServers.nativeSettings(repo)
                .port(port)
                .realtime(
                        RealtimeSettings.builder().maxReconnectDelay(RECONNECT).build())
                .security(security)
                .build());
    }

    /** Security on, with one API key that may read orders. */
    private static SecuritySettings apiKeyOnly() {
        return new SecuritySettings(
                List.of(new SecuritySettings.ApiKey("page", API_KEY, Grants.parse(List.of("orders:*:*"), List.of()))),
                List.of(),
                null,
                true,
                List.of());
    }

    private void write(String yaml) throws IOException {
        Path temporary = repo.resolve("orders.yml.tmp");
        Files.writeString(temporary, yaml);
        Files.move(temporary, repo.resolve("orders.yml"), StandardCopyOption.ATOMIC_MOVE);
    }

    private String text(String id) {
        // Null-safe: a first look can come before the page has loaded (an element missing is "not yet").
        return browser.evaluate("document.getElementById('" + id + "')?.textContent ?? ''")
                .asText();
    }

    private String state() {
        return browser.evaluate("document.getElementById('state')?.dataset.state ?? ''")
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

    @Test
    void withSecurityOn_aTokenInThePageUrl_showsTheConfigAndAChange_andNoTokenShowsUnauthorized() throws IOException {
        server.close();
        server = startServer(0, apiKeyOnly());
        String page = "http://127.0.0.1:" + server.port() + "/";

        browser.navigate(page + "?token=" + API_KEY + "#orders/prod");

        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> state().equals("live") && text("tree").contains("EUR"));
        assertThat(browser.evaluate("location.href").asText())
                .as("the token leaves the address bar")
                .doesNotContain(API_KEY)
                .endsWith("#orders/prod");
        write("orders:\n  limit: 8\n  currency: EUR\n");
        await().atMost(WAIT).until(() -> text("tree").contains("8"));
        // /api/keys answered the token too: its keys are suggested.
        await().atMost(WAIT)
                .until(() -> browser.evaluate("document.querySelectorAll('#applications option').length")
                                .asInt()
                        > 0);

        // A fresh tab's state: no token anywhere. The page says why and stops instead of reconnecting forever.
        browser.evaluate("sessionStorage.clear()");
        browser.navigate(page + "?again#orders/prod");
        await().atMost(WAIT).ignoreExceptions().until(() -> state().equals("unauthorized"));
        assertThat(text("error-text")).contains("Unauthorized (401)");
        assertThat(browser.evaluate("document.getElementById('error').hidden").asBoolean())
                .isFalse();
        // Still stopped a while later: no reconnection attempts behind the message.
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> state().equals("unauthorized"));

        // The token typed into the form connects.
        browser.evaluate("document.getElementById('token').value = '" + API_KEY + "';"
                + " document.getElementById('connect').click(); true");
        await().atMost(WAIT).until(() -> state().equals("live") && text("tree").contains("8"));
    }
}

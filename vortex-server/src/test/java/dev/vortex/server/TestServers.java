package dev.vortex.server;

import dev.vortex.server.security.CorsSettings;
import dev.vortex.server.security.FailureDelaySettings;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.WebhookSecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How the integration tests start a real server: loopback, a free port, a native directory. */
public final class TestServers {
    private TestServers() {}

    /**
     * Settings for a server over {@code repo} on a free loopback port; the periodic scan is an hour away, so
     * tests see edits through the watcher or an explicit {@link VortexServer#refreshNow()}. No warm-up of the
     * change path (a few seconds of CPU that no test needs; {@code ChangePathWarmUpTest} turns it on).
     */
    public static ServerSettings.Builder nativeSettings(Path repo) {
        return ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .nativeLocations(List.of(repo))
                .nativeRefreshInterval(Duration.ofHours(1))
                .warmUp(false);
    }

    /** Security settings with API keys only (no users, no JWT, no CORS or webhooks), and {@code delay}. */
    public static SecuritySettings apiKeysOnly(FailureDelaySettings delay, SecuritySettings.ApiKey... keys) {
        return new SecuritySettings(
                List.of(keys), List.of(), null, true, List.of(), WebhookSecrets.NONE, CorsSettings.NONE, delay);
    }

    /** Starts a server over {@code repo}; see {@link #nativeSettings}. */
    public static VortexServer startNative(Path repo) {
        return VortexServer.start(nativeSettings(repo).build());
    }
}

package dev.vortex.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How the integration tests start a real server: loopback, a free port, a native directory. */
public final class TestServers {
    private TestServers() {}

    /**
     * Settings for a server over {@code repo} on a free loopback port; the periodic scan is an hour away, so
     * tests see edits through the watcher or an explicit {@link VortexServer#refreshNow()}.
     */
    public static ServerSettings.Builder nativeSettings(Path repo) {
        return ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .nativeLocations(List.of(repo))
                .nativeRefreshInterval(Duration.ofHours(1));
    }

    /** Starts a server over {@code repo}; see {@link #nativeSettings}. */
    public static VortexServer startNative(Path repo) {
        return VortexServer.start(nativeSettings(repo).build());
    }
}

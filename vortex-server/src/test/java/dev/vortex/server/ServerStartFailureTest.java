package dev.vortex.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.server.security.SecuritySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that cannot start says why, naming what is wrong rather than blaming the port. */
class ServerStartFailureTest {
    @TempDir
    Path dir;

    @Test
    void anUnreadableJwkSet_refusesTheStart_namingTheSetting_notThePort() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("orders.yml"), "orders:\n  max-items: 50\n");
        Path missing = dir.resolve("missing-jwks.json");
        ServerSettings settings = TestServers.nativeSettings(repo)
                .security(new SecuritySettings(
                        List.of(),
                        List.of(),
                        new SecuritySettings.JwtSettings(null, List.of(), missing, null, null, Duration.ZERO),
                        true,
                        List.of()))
                .build();

        assertThatThrownBy(() -> VortexServer.start(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("security.jwt.jwks-file " + missing)
                .hasMessageNotContaining("cannot listen");
    }
}

package dev.vortex.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The server runs on Linux's native transport by default, on the JDK's when told to, and serves on both. */
class TransportTest {
    @TempDir
    Path repo;

    private final Vertx clientVertx = Vertx.vertx();

    @AfterEach
    void closeClient() {
        clientVertx.close().await();
    }

    @Test
    @EnabledOnOs(
            value = OS.LINUX,
            architectures = {"amd64", "x86_64", "aarch64"})
    void onLinux_theDefaultIsEpoll() throws IOException {
        try (VortexServer server = serverOver(true)) {
            assertThat(server.transport()).isEqualTo("epoll");
            assertServes(server);
        }
    }

    @Test
    void nativeTransportOff_usesTheJdkTransport() throws IOException {
        try (VortexServer server = serverOver(false)) {
            assertThat(server.transport()).isEqualTo("nio");
            assertServes(server);
        }
    }

    private VortexServer serverOver(boolean nativeTransport) throws IOException {
        Files.writeString(repo.resolve("orders.yml"), "orders:\n  limit: 5\n");
        return VortexServer.start(TestServers.nativeSettings(repo)
                .nativeTransport(nativeTransport)
                .build());
    }

    private void assertServes(VortexServer server) {
        JsonNode environment = new TestClient(server.port()).getJson("/orders/default");
        assertThat(environment.at("/propertySources/0/source/orders.limit").asInt())
                .isEqualTo(5);
        try (WsTestClient ws = WsTestClient.connect(clientVertx, server.port(), "/ws/orders/default")) {
            JsonNode snapshot = ws.next("config_snapshot");
            assertThat(snapshot.at("/config/orders/limit").asInt()).isEqualTo(5);
        }
    }
}

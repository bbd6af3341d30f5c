package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vortex.server.WsTestClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A native search location that goes away is a source failure, not an empty config: HTTP keeps the last
 * good answer, WebSocket clients receive nothing, health says DOWN, and everything recovers when it is back.
 */
class VanishedSearchLocationTest {
    @TempDir
    Path base;

    private RealtimeFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aSearchLocationMovedAway_replacedByAFile_orEmptied_keepsTheLastGoodConfig_andPushesNothing()
            throws IOException {
        Path repo = Files.createDirectory(base.resolve("repo"));
        fixture = RealtimeFixture.start(repo);
        fixture.writeSampleRepository();
        fixture.refresh();
        WsTestClient client = fixture.connect("/ws/orders/prod");
        client.next("config_snapshot");
        ObjectNode lastGood = fixture.httpFlatConfig("/orders/prod");
        assertThat(lastGood.size()).isGreaterThan(1);
        Path away = base.resolve("away");

        Files.move(repo, away);
        fixture.refresh();
        assertLastGoodKept(client, lastGood, "does not exist");

        Files.writeString(repo, "a file where the directory was");
        fixture.refresh();
        assertLastGoodKept(client, lastGood, "is not a directory");

        Files.delete(repo);
        Files.createDirectory(repo);
        fixture.refresh();
        assertLastGoodKept(client, lastGood, "is empty");

        Files.delete(repo);
        Files.move(away, repo);
        fixture.refresh();
        assertThat(health().at("/components/configSource/status").asText()).isEqualTo("UP");
        assertThat(configMessages(client.drain(Duration.ofMillis(500))))
                .as("the same files came back: nothing changed for the client")
                .isEmpty();
        assertThat(fixture.http().get("/billing/qa").statusCode()).isEqualTo(200);

        fixture.write("orders.yml", RealtimeProtocolTest.ORDERS.replace("max-items: 50", "max-items: 7"));
        fixture.refresh();
        JsonNode change = client.next("config_change");
        assertThat(change.get("diff").toString()).contains("max-items");
        assertThat(client.violations()).isEmpty();
    }

    private void assertLastGoodKept(WsTestClient client, ObjectNode lastGood, String problem) {
        assertThat(fixture.httpFlatConfig("/orders/prod")).isEqualTo(lastGood);
        JsonNode health = health();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/configSource/status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/components/configSource/details/error").asText()).contains(problem);
        // A key never resolved before cannot be answered from the last good state: 503, naming the problem.
        HttpResponse<String> unknown = fixture.http().get("/billing/qa");
        assertThat(unknown.statusCode()).isEqualTo(503);
        assertThat(unknown.body()).contains("native search location").contains(problem);
        assertThat(configMessages(client.drain(Duration.ofMillis(300)))).isEmpty();
    }

    private JsonNode health() {
        return fixture.http().getJson("/actuator/health");
    }

    private static List<JsonNode> configMessages(List<JsonNode> messages) {
        return messages.stream()
                .filter(message -> message.get("type").asText().startsWith("config_"))
                .toList();
    }
}

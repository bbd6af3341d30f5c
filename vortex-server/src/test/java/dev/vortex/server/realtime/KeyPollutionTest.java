package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys a stranger makes up over HTTP never reach a pattern subscriber, nor the list of known keys; keys with
 * files of their own and keys a WebSocket client is connected to do.
 */
class KeyPollutionTest {
    @TempDir
    Path repo;

    @Test
    void junkGets_doNotReachAWildcardSubscriber_butAWebSocketClientsKeyDoes() {
        try (RealtimeFixture fixture = RealtimeFixture.start(repo)) {
            fixture.writeSampleRepository();
            fixture.refresh();
            WsTestClient subscriber = fixture.connect("/ws/orders/default");
            subscriber.next("config_snapshot");
            subscriber.send("{\"type\":\"subscribe\",\"patterns\":[\"*:*:*\"]}");
            subscriber.next("subscribed");
            subscriber.drain(Duration.ofMillis(500));

            for (int i = 0; i < 50; i++) {
                assertThat(fixture.http().get("/junk-" + i + "/random-" + i).statusCode())
                        .isEqualTo(200);
            }

            List<JsonNode> afterJunk = subscriber.drain(Duration.ofMillis(700));
            assertThat(afterJunk)
                    .extracting(message -> message.path("app").asText())
                    .noneMatch(app -> app.startsWith("junk-"));
            assertThat(fixture.http().get("/api/keys").body()).doesNotContain("junk-");

            WsTestClient follower = fixture.connect("/ws/followed/prod");
            follower.next("config_snapshot");

            JsonNode followed = subscriber.next("config_snapshot");
            while (!followed.get("app").asText().equals("followed")) {
                followed = subscriber.next("config_snapshot");
            }
            assertThat(followed.get("profile").asText()).isEqualTo("prod");
            assertThat(fixture.http().get("/api/keys").body()).contains("followed");
            assertThat(subscriber.violations()).isEmpty();
        }
    }
}

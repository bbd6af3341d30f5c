package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import dev.vortex.server.realtime.RealtimeFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /monitor} on the real server over a native directory: a push makes an edit visible at once,
 * although the periodic refresh is an hour away.
 */
class MonitorEndpointTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.perTest(started -> started.write("orders.yml", "orders:\n  max-items: 50\n"));

    @Test
    void githubPush_answersTheNames_andServesTheEditWithoutWaitingForThePoll() {
        assertThat(maxItems()).isEqualTo(50);
        fixture.write("orders.yml", "orders:\n  max-items: 500\n");

        HttpResponse<String> response = post("application/json", """
                {"ref": "refs/heads/main", "commits": [{"added": [], "removed": [], "modified": ["orders.yml"]}]}
                """, "X-GitHub-Event", "push");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(names(response)).containsExactly("orders");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(maxItems()).isEqualTo(500));
    }

    @Test
    void formPush_answersTheNames() {
        HttpResponse<String> response =
                post("application/x-www-form-urlencoded", "path=orders-prod.yml&path=application.yml");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(names(response)).containsExactly("orders:prod", "orders-prod", "*");
    }

    @Test
    void githubPing_answersAnEmptyList() {
        HttpResponse<String> response =
                post("application/json", "{\"zen\": \"Design for failure.\"}", "X-GitHub-Event", "ping");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(names(response)).isEmpty();
    }

    @Test
    void malformedBody_isBadRequest_withAJsonError() {
        HttpResponse<String> response = post("application/json", "{\"commits\": [", "X-GitHub-Event", "push");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = TestClient.json(response.body());
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("path").asText()).isEqualTo("/monitor");
        assertThat(error.get("message").asText()).contains("not valid JSON");
    }

    @Test
    void bodyOverOneMebibyte_isRefusedWith413() {
        String big = "{\"path\": \"" + "x".repeat(1024 * 1024) + "\"}";

        HttpResponse<String> response = post("application/json", big);

        assertThat(response.statusCode()).isEqualTo(413);
    }

    private int maxItems() {
        JsonNode sources = fixture.http().getJson("/orders/default").get("propertySources");
        return sources.get(0).get("source").get("orders.max-items").asInt();
    }

    private static List<String> names(HttpResponse<String> response) {
        List<String> names = new ArrayList<>();
        TestClient.json(response.body()).forEach(name -> names.add(name.asText()));
        return names;
    }

    private HttpResponse<String> post(String contentType, String body, String... headers) {
        return fixture.http().post("/monitor", contentType, body, headers);
    }
}

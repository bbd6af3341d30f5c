package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many clients, direct and through overlapping patterns, converge on what HTTP serves after a burst of changes. */
class RealtimeConvergenceTest {
    private static final String ORDERS = RealtimeProtocolTest.ORDERS;
    private static final List<List<String>> PATTERN_SETS = List.of(
            List.of("orders:*:*"),
            List.of("*:prod:*"),
            List.of("orders:prod:*"),
            List.of("orders:*:*", "*:prod:*"),
            List.of("orders:*:*", "*:prod:*", "orders:prod:*"));

    // These pin down the keys known from requests; discovery from file names would add more at its own pace,
    // and has its own test (PatternDiscoveryTest).
    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.perTest(builder -> builder.keyDiscovery(false), RealtimeFixture::writeSampleRepository);

    private static String subscribe(List<String> patterns) {
        return "{\"type\":\"subscribe\",\"patterns\":[\"" + String.join("\",\"", patterns) + "\"]}";
    }

    private static long count(WsTestClient client, String type) {
        return client.received().stream()
                .filter(message -> message.get("type").asText().equals(type))
                .count();
    }

    @Test
    void fiftyDirectAndTenPatternClients_allHoldTheHttpConfig_afterTwentyQuickChanges() {
        List<WsTestClient> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            WsTestClient client = fixture.connect("/ws/orders/prod?shape=flat");
            client.next("config_snapshot");
            clients.add(client);
        }
        for (int i = 0; i < 10; i++) {
            WsTestClient client = fixture.connect("/ws/billing/prod?shape=flat");
            client.next("config_snapshot");
            List<String> patterns = PATTERN_SETS.get(i % PATTERN_SETS.size());
            List<String> messages = i % 2 == 0
                    ? List.of(subscribe(patterns))
                    // The same patterns one message at a time: overlap across subscriptions, too.
                    : patterns.stream()
                            .map(pattern -> subscribe(List.of(pattern)))
                            .toList();
            messages.forEach(client::send);
            // orders:prod is known (the direct clients resolved it): its snapshot comes with the first
            // subscription, and only then.
            while (client.config("orders", "prod", null) == null || count(client, "subscribed") < messages.size()) {
                client.next();
            }
            assertThat(count(client, "config_snapshot")).isEqualTo(2);
            clients.add(client);
        }

        for (int change = 1; change <= 20; change++) {
            fixture.write("orders.yml", ORDERS.replace("max-items: 50", "max-items: " + (100 + change)));
            fixture.refresh();
        }

        JsonNode expected = fixture.httpFlatConfig("/orders/prod");
        assertThat(expected.get("orders.max-items").asInt()).isEqualTo(120);
        for (WsTestClient client : clients) {
            await().atMost(WsTestClient.TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .untilAsserted(() -> {
                        client.drain(Duration.ofMillis(20));
                        assertThat(client.config("orders", "prod", null)).isEqualTo(expected);
                    });
        }
        for (WsTestClient client : clients) {
            assertThat(client.violations()).isEmpty();
            List<String> versions = client.received().stream()
                    .filter(message -> message.path("app").asText().equals("orders"))
                    .map(message -> message.has("new_version")
                            ? message.get("new_version").asText()
                            : message.get("version").asText())
                    .toList();
            assertThat(versions).as("versions of orders:prod received").doesNotHaveDuplicates();
        }
    }
}

package dev.vortex.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A list overridden in a profile file reaches WebSocket clients whole from that file, as a Spring Boot application
 * of Spring Cloud Config's client binds it, and as Spring Cloud Config Server renders it: not merged index by index
 * with the longer list of {@code application.yml}.
 */
class RealtimeListPrecedenceTest {
    @RegisterExtension
    final RealtimeFixture fixture = RealtimeFixture.perTest(RealtimeListPrecedenceTest::writeRepository);

    private static void writeRepository(RealtimeFixture fixture) {
        fixture.write("application.yml", """
                endpoints: [https://a.example, https://b.example, https://c.example]
                routes:
                  - id: first
                    hosts: [a, b]
                  - id: second
                """);
        fixture.write("orders-prod.yml", """
                endpoints: [https://prod.example]
                routes:
                  - id: prod
                third: ${endpoints[2]}
                """);
        fixture.write("hosts.txt", "${endpoints[0]} ${endpoints[2]} ${routes[1].id}\n");
    }

    @Test
    void theNestedSnapshot_holdsTheProfilesOneItemLists() {
        JsonNode config =
                fixture.connect("/ws/orders/prod").next("config_snapshot").get("config");

        assertThat(config.get("endpoints")).hasSize(1);
        assertThat(config.at("/endpoints/0").asText()).isEqualTo("https://prod.example");
        assertThat(config.get("routes")).hasSize(1);
        assertThat(config.at("/routes/0").toString()).isEqualTo("{\"id\":\"prod\"}");
    }

    @Test
    void theFlatSnapshot_holdsOnlyTheProfilesItems() {
        JsonNode config = fixture.connect("/ws/orders/prod?shape=flat")
                .next("config_snapshot")
                .get("config");

        List<String> names = new ArrayList<>();
        config.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("endpoints[0]", "routes[0].id", "third");
    }

    @Test
    void theYamlRendering_agreesWithThePushedConfig() {
        String yaml = fixture.http().get("/orders-prod.yml").body();

        assertThat(yaml).contains("https://prod.example").doesNotContain("https://b.example", "second");
    }

    @Test
    void theRenderingsPlaceholders_areLookedUpKeyByKey_asSpringCloudConfigServerDoes() {
        // Rendered whole from orders-prod.yml, endpoints has no third item; the sources have one.
        assertThat(fixture.http().get("/orders-prod.yml").body()).contains("third: https://c.example");
        assertThat(fixture.http().get("/orders-prod.properties").body()).contains("third: https://c.example");
    }

    @Test
    void withoutTheProfile_theApplicationsListsStayWhole() {
        JsonNode config =
                fixture.connect("/ws/orders/default").next("config_snapshot").get("config");

        assertThat(config.get("endpoints")).hasSize(3);
        assertThat(config.at("/routes/0/hosts")).hasSize(2);
    }

    @Test
    void aPlainFilesPlaceholders_areLookedUpKeyByKey_asSpringCloudConfigServerDoes() {
        // Its EnvironmentPropertySource asks each source in turn for the key: the lower source's third item is found.
        assertThat(fixture.http().get("/orders/prod/main/hosts.txt").body())
                .isEqualTo("https://prod.example https://c.example second\n");
    }
}

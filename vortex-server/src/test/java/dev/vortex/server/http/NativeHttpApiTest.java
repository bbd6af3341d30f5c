package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import dev.vortex.server.realtime.RealtimeFixture;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** The HTTP API over a native directory, through a real server on a free port and a real HTTP client. */
class NativeHttpApiTest {
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);

    // A frozen clock keeps the directory watcher's debounce from ever firing: these tests decide when the server
    // sees an edit (refreshNow, DELETE /cache), and a watcher reload racing an assertion that the cache still
    // holds the old value made one of them flaky under load.
    @RegisterExtension
    final RealtimeFixture fixture = RealtimeFixture.perTest(settings -> settings, FROZEN, NativeHttpApiTest::write);

    private static void write(RealtimeFixture fixture) {
        fixture.write("application.yml", """
                shared: from-application
                server:
                  port: 8080
                """);
        fixture.write("orders.yml", """
                server:
                  port: 8081
                orders:
                  max-items: 50
                  enabled: true
                  ratio: 0.5
                  currencies: [EUR, USD]
                greeting: Hello ${orders.max-items} ${missing.key}
                """);
        fixture.write("orders-prod.properties", "orders.max-items=500\n");
        fixture.write("nginx/nginx.conf", "listen ${server.port};\n");
        fixture.write("nginx/nginx-prod.conf", "prod listen ${server.port};\n");
        // A file next to the repository that no request may ever read.
        RealtimeFixture.write(fixture.repo().getParent(), "secret.txt", "TOPSECRET");
        RealtimeFixture.write(fixture.repo().getParent(), "secret.yml", "password: TOPSECRET\n");
    }

    @Test
    void environment_hasSpringCloudConfigShape_withSourcesHighestFirst() {
        JsonNode environment = fixture.http().getJson("/orders/prod");

        assertThat(environment.get("name").asText()).isEqualTo("orders");
        assertThat(environment.get("profiles")).hasSize(1);
        assertThat(environment.get("profiles").get(0).asText()).isEqualTo("prod");
        assertThat(environment.get("label").isNull()).isTrue();
        assertThat(environment.get("version").isNull()).isTrue();
        assertThat(environment.has("state")).isTrue();
        List<String> names = new ArrayList<>();
        environment
                .get("propertySources")
                .forEach(source -> names.add(source.get("name").asText()));
        String base = "file:" + fixture.repo().toAbsolutePath();
        assertThat(names)
                .containsExactly(base + "/orders-prod.properties", base + "/orders.yml", base + "/application.yml");
    }

    @Test
    void environment_keepsValueTypes_fromYaml_andStringsFromProperties() {
        JsonNode sources = fixture.http().getJson("/orders/prod").get("propertySources");
        JsonNode properties = sources.get(0).get("source");
        JsonNode yaml = sources.get(1).get("source");

        assertThat(properties.get("orders.max-items").isTextual()).isTrue();
        assertThat(yaml.get("orders.max-items").isInt()).isTrue();
        assertThat(yaml.get("orders.enabled").isBoolean()).isTrue();
        assertThat(yaml.get("orders.ratio").isDouble()).isTrue();
        assertThat(yaml.get("orders.currencies[1]").asText()).isEqualTo("USD");
    }

    @Test
    void environment_withLabel_reportsTheLabel() {
        assertThat(fixture.http().getJson("/orders/prod/main").get("label").asText())
                .isEqualTo("main");
    }

    @Test
    void unknownApplication_getsTheSharedFilesOnly() {
        JsonNode sources = fixture.http().getJson("/nobody/default").get("propertySources");
        assertThat(sources).hasSize(1);
        assertThat(sources.get(0).get("name").asText()).endsWith("/application.yml");
    }

    @Test
    void renderedYaml_isMergedNested_withPlaceholdersResolved() {
        HttpResponse<String> response = fixture.http().get("/orders-prod.yml");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> yaml = new Yaml().load(response.body());
        assertThat(yaml).containsEntry("shared", "from-application");
        assertThat(yaml.get("server")).isEqualTo(Map.of("port", 8081));
        @SuppressWarnings("unchecked")
        Map<String, Object> orders = (Map<String, Object>) yaml.get("orders");
        assertThat(orders).containsEntry("max-items", "500").containsEntry("currencies", List.of("EUR", "USD"));
        assertThat(yaml.get("greeting")).isEqualTo("Hello 500 ${missing.key}");
    }

    @Test
    void renderedProperties_readBackWithJavaProperties() throws IOException {
        HttpResponse<String> response = fixture.http().get("/orders-prod.properties");

        Properties properties = new Properties();
        properties.load(new StringReader(response.body()));
        assertThat(properties.getProperty("orders.max-items")).isEqualTo("500");
        assertThat(properties.getProperty("server.port")).isEqualTo("8081");
        assertThat(properties.getProperty("orders.currencies[0]")).isEqualTo("EUR");
        assertThat(properties.getProperty("greeting")).isEqualTo("Hello 500 ${missing.key}");
    }

    @Test
    void renderedJson_isNested_andPlaceholdersCanBeLeftAlone() {
        JsonNode json = fixture.http().getJson("/orders-prod.json?resolvePlaceholders=false");

        assertThat(json.at("/orders/currencies/0").asText()).isEqualTo("EUR");
        assertThat(json.at("/server/port").asInt()).isEqualTo(8081);
        assertThat(json.get("greeting").asText()).isEqualTo("Hello ${orders.max-items} ${missing.key}");
    }

    @Test
    void renderedWithLabel_andApplicationNameWithDashes_splitsAtTheLastDash() throws IOException {
        fixture.write("my-service.yml", "who: my-service\n");
        HttpResponse<String> response = fixture.http().get("/main/my-service-default.yml");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("who: my-service");
    }

    @Test
    void plainFile_prefersTheProfileVariant_andResolvesPlaceholders() {
        assertThat(fixture.http().get("/orders/prod/main/nginx/nginx.conf").body())
                .isEqualTo("prod listen 8081;\n");
        assertThat(fixture.http().get("/orders/dev/main/nginx/nginx.conf").body())
                .isEqualTo("listen 8081;\n");
        assertThat(fixture.http()
                        .get("/orders/dev/main/nginx/nginx.conf?resolvePlaceholders=false")
                        .body())
                .isEqualTo("listen ${server.port};\n");
    }

    @Test
    void missingPlainFile_is404WithSpringStyleErrorBody() {
        HttpResponse<String> response = fixture.http().get("/orders/prod/main/nginx/none.conf");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = TestClient.json(response.body());
        assertThat(error.get("status").asInt()).isEqualTo(404);
        assertThat(error.get("error").asText()).isEqualTo("Not Found");
        assertThat(error.get("message").asText()).contains("nginx/none.conf");
        assertThat(error.get("path").asText()).isEqualTo("/orders/prod/main/nginx/none.conf");
        assertThat(error.get("timestamp").asText()).isNotBlank();
    }

    @Test
    void unknownEndpoint_is404Json_andAWrongMethodIs405Json() {
        HttpResponse<String> notFound = fixture.http().delete("/nothing-here");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(TestClient.json(notFound.body()).get("status").asInt()).isEqualTo(404);

        HttpResponse<String> wrongMethod = fixture.http().delete("/orders/prod");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(TestClient.json(wrongMethod.body()).get("error").asText()).isEqualTo("Method Not Allowed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/../secret/default",
                "/..%2fsecret/default",
                "/..%2Fsecret/default",
                "/%2e%2e/secret/default",
                "/%2e%2e%2fsecret/default",
                "/%252e%252e%252fsecret/default",
                "/app%5c..%5csecret/default",
                "/orders/..%2f..%2fsecret/default",
                "/orders/default/..%2f..",
                "/orders/default/main/../../secret.txt",
                "/orders/default/main/%2e%2e/secret.txt",
                "/orders/default/main/nginx/%2e%2e%2f%2e%2e%2fsecret.txt",
                "/orders/default/main/nginx/..%5c..%5csecret.txt",
                "/orders/default/a(_)..(_)b",
                "/orders/default/main/..",
                "/secret%00/default",
                "/main/..%2fsecret-default.yml",
                "/..%2f..%2fsecret-default.yml",
            })
    void traversalAttempt_is400_andNeverLeaksOutsideTheRepository(String rawPath) {
        String response = fixture.http().rawGet(rawPath);

        assertThat(response).startsWith("HTTP/1.1 400").doesNotContain("TOPSECRET");
        assertThat(response).contains("\"status\":400");
    }

    @Test
    void cache_servesTheCachedConfig_untilTheKeyIsDropped() {
        assertThat(maxItems()).isEqualTo("500");
        fixture.write("orders-prod.properties", "orders.max-items=600\n");
        assertThat(maxItems()).isEqualTo("500");

        assertThat(fixture.http().delete("/cache/orders/prod").statusCode()).isEqualTo(204);
        assertThat(maxItems()).isEqualTo("600");

        fixture.write("orders-prod.properties", "orders.max-items=700\n");
        assertThat(fixture.http().delete("/cache/orders/prod/main").statusCode())
                .isEqualTo(204);
        assertThat(maxItems()).isEqualTo("600");
        assertThat(fixture.http().delete("/cache").statusCode()).isEqualTo(204);
        assertThat(maxItems()).isEqualTo("700");
    }

    @Test
    void refresh_picksUpAnEditedFile_withoutDroppingTheCacheByHand() {
        assertThat(maxItems()).isEqualTo("500");
        fixture.write("orders-prod.properties", "orders.max-items=900\n");

        fixture.refresh();

        assertThat(maxItems()).isEqualTo("900");
    }

    @Test
    void brokenYaml_isA500NamingTheFile() {
        fixture.write("broken.yml", "a: [unclosed\n");

        HttpResponse<String> response = fixture.http().get("/broken/default");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(TestClient.json(response.body()).get("message").asText()).contains("broken.yml");
    }

    @Test
    void brokenYaml_afterARefresh_keepsServingTheLastGoodConfig() {
        assertThat(maxItems()).isEqualTo("500");
        fixture.write("orders.yml", "orders: [unclosed\n");

        fixture.refresh();

        assertThat(maxItems()).isEqualTo("500");
        fixture.write("orders.yml", "orders:\n  max-items: 1\n");
        fixture.refresh();
        assertThat(fixture.http()
                        .getJson("/orders/default")
                        .get("propertySources")
                        .get(0)
                        .at("/source/orders.max-items")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void health_isUp_withTheBackendDetails() {
        JsonNode health = fixture.http().getJson("/actuator/health");

        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/configSource/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/configSource/details/source").asText())
                .contains(fixture.repo().toString());
    }

    @Test
    void prometheus_reportsRequests_cacheHitsAndMisses_andTheJvm() {
        double hits = fixture.metric("cache_gets_total", "result=\"hit\"");
        double misses = fixture.metric("cache_gets_total", "result=\"miss\"");

        // An application no file names, so that key discovery never resolves it on its own.
        fixture.http().get("/metered/prod");
        fixture.http().get("/metered/prod");

        assertThat(fixture.metric("cache_gets_total", "result=\"miss\"") - misses)
                .isEqualTo(1);
        assertThat(fixture.metric("cache_gets_total", "result=\"hit\"") - hits).isEqualTo(1);
        assertThat(fixture.metric("http_server_requests_seconds_count", "uri=\"/{application}/{profile}\""))
                .isEqualTo(2);
        assertThat(fixture.http().get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
    }

    private String maxItems() {
        return fixture.http()
                .getJson("/orders/prod")
                .get("propertySources")
                .get(0)
                .at("/source/orders.max-items")
                .asText();
    }
}

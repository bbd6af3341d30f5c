package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cases where Vortex once answered differently from Spring Cloud Config Server for the same native
 * repository (issue #14). Each test writes the repository files, starts a real server and checks what a
 * client gets over HTTP; the expected answers were read off a real Spring Cloud Config Server 5.0.6.
 */
class SpringCloudConfigParityTest {
    @TempDir
    Path workDir;

    private VortexServer server;
    private TestClient client;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Path write(String relativePath, String content) throws IOException {
        return write(relativePath, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Path write(String relativePath, byte[] content) throws IOException {
        Path file = workDir.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return file;
    }

    private void start(String... locations) {
        start(Map.of(), locations);
    }

    private void start(Map<String, String> overrides, String... locations) {
        List<Path> directories = new ArrayList<>();
        for (String location : locations) {
            directories.add(workDir.resolve(location));
        }
        server = VortexServer.start(TestServers.nativeSettings(directories.get(0))
                .nativeLocations(directories)
                .overrides(overrides)
                .build());
        client = new TestClient(server.port());
    }

    @Test
    void jsonFiles_areNotConfiguration_asInSpringBoot() throws IOException {
        write("repo/myapp.yml", "server:\n  port: 1\n");
        write("repo/myapp-dev.json", "{\"server\": {\"port\": 2}}");
        start("repo");

        JsonNode environment = client.getJson("/myapp/dev");
        assertThat(TestClient.sourceNames(environment)).containsExactly("file:" + workDir.resolve("repo/myapp.yml"));
        assertThat(client.get("/myapp-dev.properties").body()).contains("server.port: 1");
        // Still a file of the repository: served as a plain file.
        HttpResponse<String> plain = client.get("/myapp/dev/main/myapp-dev.json");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).contains("\"port\": 2");
    }

    @Test
    void propertiesFiles_areIso88591_soRawUtf8BytesGiveWhatSpringGives() throws IOException {
        // "caf\u00e9" twice: once as an ISO-8859-1 byte, once as UTF-8 bytes (two characters in ISO-8859-1).
        write("repo/latin.properties", new byte[] {'a', '=', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        write("repo/latin-utf8.properties", "b=caf\u00e9\nc=caf\\u00e9\n");
        start("repo");

        JsonNode latin =
                client.getJson("/latin/default").get("propertySources").get(0).get("source");
        assertThat(latin.get("a").asText()).isEqualTo("caf\u00e9");
        JsonNode utf8 =
                client.getJson("/latin/utf8").get("propertySources").get(0).get("source");
        assertThat(utf8.get("b").asText()).isEqualTo("caf\u00c3\u00a9");
        assertThat(utf8.get("c").asText()).isEqualTo("caf\u00e9");
    }

    @Test
    void escapedPlaceholders_renderWithoutTheBackslash_andRawFilesKeepIt() throws IOException {
        write("repo/escape.yml", "esc: \\${x}\nesc2: pre \\${server.port} post\nx: X\nserver.port: 1\n");
        write("repo/f.txt", "one ${server.port} \\${x}\n");
        start("repo");

        assertThat(client.get("/escape-default.properties").body())
                // In the file's order, as Spring Cloud Config Server renders it.
                .isEqualTo("esc: ${x}\nesc2: pre ${server.port} post\nx: X\nserver.port: 1");
        assertThat(client.get("/escape-default.yml").body()).contains("esc: ${x}\n", "esc2: pre ${server.port} post\n");
        JsonNode json = TestClient.json(client.get("/escape-default.json").body());
        assertThat(json.get("esc").asText()).isEqualTo("${x}");
        // The Environment JSON shows the files' values as written.
        JsonNode source =
                client.getJson("/escape/default").get("propertySources").get(0).get("source");
        assertThat(source.get("esc").asText()).isEqualTo("\\${x}");
        assertThat(client.get("/escape/default/main/f.txt").body()).isEqualTo("one 1 ${x}\n");
        assertThat(client.get("/escape/default/main/f.txt?resolvePlaceholders=false")
                        .body())
                .isEqualTo("one ${server.port} \\${x}\n");
    }

    @Test
    void yamlFilesWhoseRootIsAScalarOrAList_areServedAsDocument() throws IOException {
        write("repo/list.yml", "- a\n- b\n");
        write("repo/scalar.yml", "just a scalar\n");
        start("repo");

        JsonNode list =
                client.getJson("/list/default").get("propertySources").get(0).get("source");
        assertThat(list.get("document[0]").asText()).isEqualTo("a");
        assertThat(list.get("document[1]").asText()).isEqualTo("b");
        assertThat(client.get("/list-default.yml").body()).isEqualTo("- a\n- b\n");
        assertThat(client.get("/list-default.properties").body()).isEqualTo("document[0]: a\ndocument[1]: b");
        JsonNode scalar =
                client.getJson("/scalar/default").get("propertySources").get(0).get("source");
        assertThat(scalar.get("document").asText()).isEqualTo("just a scalar");
        assertThat(client.get("/scalar-default.yml").body()).isEqualTo("just a scalar\n");
    }

    @Test
    void plainFiles_firstLocationWins_defaultLabelByParameter_andOctetStreamIsRaw() throws IOException {
        write("loc1/myapp.yml", "server.port: 1\n");
        write("loc1/f.txt", "one ${server.port} \\${x}\n");
        write("loc1/f-dev.txt", "one-dev\n");
        write("loc1/sub/g.txt", "sub\n");
        write("loc2/f.txt", "two\n");
        write("loc2/f-prod.txt", "two-prod\n");
        start("loc1", "loc2");

        assertThat(client.get("/myapp/prod/main/f.txt").body()).isEqualTo("one 1 ${x}\n");
        assertThat(client.get("/myapp/prod,dev/main/f.txt").body()).isEqualTo("one-dev\n");
        assertThat(client.get("/myapp/default/f.txt?useDefaultLabel").body()).isEqualTo("one 1 ${x}\n");
        assertThat(client.get("/myapp/default/sub/g.txt?useDefaultLabel=false").body())
                .isEqualTo("sub\n");
        // Without the parameter, /{application}/{profile}/{label} is an Environment.
        assertThat(client.getJson("/myapp/default/f.txt").get("label").asText()).isEqualTo("f.txt");

        for (String path : List.of("/myapp/default/main/f.txt", "/myapp/default/f.txt?useDefaultLabel")) {
            HttpResponse<String> raw = client.get(path, "Accept", "application/octet-stream");
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.headers().firstValue("Content-Type")).contains("application/octet-stream");
            assertThat(raw.body()).isEqualTo("one ${server.port} \\${x}\n");
        }
    }

    @Test
    void nativeLabels_searchTheLabelFolderOfEachLocation_aboveTheLocations() throws IOException {
        write("loc1/myapp.yml", "a: base\n");
        write("loc1/v2/myapp.yml", "a: v2\n");
        write("loc2/v2/myapp.yml", "b: v2\n");
        write("loc1/master/myapp.yml", "m: 1\n");
        write("loc1/feature/x/myapp.yml", "fx: 1\n");
        start("loc1", "loc2");

        assertThat(TestClient.sourceNames(client.getJson("/myapp/default/v2")))
                .containsExactly(file("loc2/v2/myapp.yml"), file("loc1/v2/myapp.yml"), file("loc1/myapp.yml"));
        assertThat(client.get("/myapp-default.properties").body()).isEqualTo("a: base\nm: 1");
        assertThat(client.get("/v2/myapp-default.properties").body()).isEqualTo("a: v2\nb: v2");
        // No label: the label folder is master/, and the Environment's label stays null.
        JsonNode unlabelled = client.getJson("/myapp/default");
        assertThat(unlabelled.get("label").isNull()).isTrue();
        assertThat(TestClient.sourceNames(unlabelled))
                .containsExactly(file("loc1/master/myapp.yml"), file("loc1/myapp.yml"));
        assertThat(TestClient.sourceNames(client.getJson("/myapp/default/feature(_)x")))
                .containsExactly(file("loc1/feature/x/myapp.yml"), file("loc1/myapp.yml"));
        assertThat(TestClient.sourceNames(client.getJson("/myapp/default/v2,master")))
                .containsExactly(
                        file("loc2/v2/myapp.yml"),
                        file("loc1/v2/myapp.yml"),
                        file("loc1/master/myapp.yml"),
                        file("loc1/myapp.yml"));
        assertThat(TestClient.sourceNames(client.getJson("/myapp/default/nolabel")))
                .containsExactly(file("loc1/myapp.yml"));
    }

    @Test
    void nativeSearchLocations_withPlaceholders_areResolvedPerRequest() throws IOException {
        write("base/application.yml", "base: 1\n");
        write("teams/orders/application.yml", "team: orders\n");
        write("teams/orders/orders.yml", "own: orders-file\n");
        write("teams/orders/t.txt", "tf\n");
        write("teams/billing/application.yml", "team: billing\n");
        write("env/prod/application.yml", "envprod: true\n");
        start("base", "teams/{application}", "env/{profile}");

        assertThat(TestClient.sourceNames(client.getJson("/orders/prod")))
                .containsExactly(
                        file("env/prod/application.yml"),
                        file("teams/orders/orders.yml"),
                        file("teams/orders/application.yml"),
                        file("base/application.yml"));
        assertThat(TestClient.sourceNames(client.getJson("/orders,billing/prod,dev")))
                .containsExactly(
                        file("env/prod/application.yml"),
                        file("teams/billing/application.yml"),
                        file("teams/orders/orders.yml"),
                        file("teams/orders/application.yml"),
                        file("base/application.yml"));
        assertThat(TestClient.sourceNames(client.getJson("/nobody/default")))
                .containsExactly(file("base/application.yml"));
        assertThat(client.get("/orders/prod/main/t.txt").body()).isEqualTo("tf\n");
        // A file written after the start under the template's fixed directory is seen (it is watched).
        write("teams/billing/billing.yml", "own: billing-file\n");
        server.refreshNow();
        assertThat(client.get("/billing-default.properties").body()).contains("own: billing-file");
    }

    @Test
    void overrides_comeFirst_inEveryAnswer_andWinOverFiles() throws IOException {
        write("repo/myapp.yml", "greeting: from-file\nkept: yes\n");
        write("repo/f.txt", "${greeting}\n");
        start(Map.of("greeting", "forced", "url", "http://\\${host}/"), "repo");

        JsonNode environment = client.getJson("/myapp/default");
        assertThat(TestClient.sourceNames(environment)).containsExactly("overrides", file("repo/myapp.yml"));
        assertThat(environment.at("/propertySources/0/source/url").asText()).isEqualTo("http://${host}/");
        assertThat(client.get("/myapp-default.properties").body()).contains("greeting: forced", "kept: true");
        assertThat(client.get("/myapp/default/main/f.txt").body()).isEqualTo("forced\n");

        // The key order of Spring Cloud Config Server 5.0.6 for these overrides, given in this order.
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        ordered.put("greeting", "forced");
        ordered.put("url", "http://\\${host}/");
        ordered.put("zeta", "1");
        ordered.put("alpha", "2");
        server.close();
        start(ordered, "repo");
        List<String> keys = new ArrayList<>();
        client.getJson("/myapp/default")
                .at("/propertySources/0/source")
                .fieldNames()
                .forEachRemaining(keys::add);
        assertThat(keys).containsExactly("zeta", "url", "greeting", "alpha");
        assertThat(TestClient.sourceNames(client.getJson("/nobody/default"))).containsExactly("overrides");
    }

    private String file(String relativePath) {
        return "file:" + workDir.resolve(relativePath);
    }
}

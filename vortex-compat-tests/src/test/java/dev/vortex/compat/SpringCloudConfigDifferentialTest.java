package dev.vortex.compat;

import static dev.vortex.compat.DifferentialFixture.GIT;
import static dev.vortex.compat.DifferentialFixture.GIT_SEARCH_PATHS;
import static dev.vortex.compat.DifferentialFixture.NATIVE;
import static dev.vortex.compat.DifferentialFixture.NATIVE_APPLICATION_PLACEHOLDER;
import static dev.vortex.compat.DifferentialFixture.NATIVE_DECRYPT_OFF;
import static dev.vortex.compat.DifferentialFixture.NATIVE_OVERRIDES;
import static dev.vortex.compat.DifferentialFixture.NATIVE_TWO_LOCATIONS;
import static dev.vortex.compat.DifferentialFixture.NATIVE_WITH_KEY;
import static dev.vortex.compat.DifferentialFixture.NATIVE_WITH_KEYSTORE;
import static dev.vortex.compat.HttpExchange.get;
import static dev.vortex.compat.HttpExchange.post;
import static dev.vortex.compat.HttpExchange.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real Spring Cloud Config Server and Vortex serve the same repositories; each request goes to both and
 * the answers must agree: status, content type and body (JSON compared as trees, key order included).
 *
 * <p>A case is one line in {@link #cases()}: a fixture (the repository and the settings of both servers,
 * see {@link DifferentialFixture}) and a request. A case where Vortex is known to differ is listed in
 * {@link #KNOWN_DIFFERENCES} with the reason; it is reported as skipped while it differs, and fails once it
 * agrees, so that the list never goes stale.
 */
class SpringCloudConfigDifferentialTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Case (fixture + request, as {@link #id} spells it) → why Vortex still answers differently. */
    private static final Map<String, String> KNOWN_DIFFERENCES = Map.ofEntries(
            // Outside the numbered items of issue #14 (every numbered item agrees).
            known(
                    "NATIVE GET /orders/dev,prod",
                    "profiles: Spring answers [\"dev,prod\"] (one element), Vortex splits them"),
            // Git details outside the numbered items (vortex-sources).
            known(
                    "GIT GET /orders/default",
                    "Git: label null in Spring when the request names none; Vortex answers the default label"),
            // Deliberate.
            known(
                    "GIT GET /orders/default/no-such-label",
                    "deliberate: Vortex's error body has a message (\"No such label\"); Spring Boot hides it"),
            known(
                    "NATIVE GET /encrypt/status",
                    "deliberate: without a key SCC 5.0.6 answers 500 (its FailsafeTextEncryptor throws);"
                            + " Vortex answers the 404 NO_KEY that SCC's EncryptionController defines for it"),
            known("NATIVE POST /encrypt [Content-Type: text/plain] body=s3cret", "deliberate: 404 NO_KEY, not 500"),
            known(
                    "NATIVE POST /decrypt [Content-Type: text/plain] body=" + DifferentialFixture.CIPHER,
                    "deliberate: 404 NO_KEY, not 500"),
            // The HTTP-level items of issue #14.
            known(
                    "NATIVE GET /orders/default [Accept: application/vnd.spring-cloud.config-server.v2+json]",
                    "issue #14: the v2 media type (values with their origin) is not offered"));

    private static final Map<DifferentialFixture, Servers> SERVERS = new EnumMap<>(DifferentialFixture.class);

    /** Fixtures whose servers did not start: told once, not retried by every case. */
    private static final Map<DifferentialFixture, Exception> FAILED_STARTS = new EnumMap<>(DifferentialFixture.class);

    static Stream<Arguments> cases() {
        return Stream.of(
                // Precedence, profiles, renderings.
                c(NATIVE, get("/orders/default")),
                c(NATIVE, get("/orders/prod")),
                c(NATIVE, get("/orders/dev,prod")),
                c(NATIVE, get("/orders-prod.yml")),
                c(NATIVE, get("/orders-prod.properties")),
                c(NATIVE, get("/orders-prod.json")),
                c(NATIVE, get("/orders-prod.yml?resolvePlaceholders=false")),
                // Item 1: .json files are not config files.
                c(NATIVE, get("/orders/dev")),
                c(NATIVE, get("/orders-dev.properties")),
                // Item 2: .properties files are ISO-8859-1.
                c(NATIVE, get("/latin/default")),
                c(NATIVE, get("/latin-default.properties")),
                c(NATIVE, get("/latin-default.yml")),
                // Item 3: {cipher} values without a key, with one, with decryption off, with an RSA keystore.
                c(NATIVE, get("/secrets/default")),
                c(NATIVE_WITH_KEY, get("/secrets/default")),
                c(NATIVE_WITH_KEY, get("/secrets-default.yml")),
                c(NATIVE_DECRYPT_OFF, get("/secrets/default")),
                c(NATIVE_WITH_KEYSTORE, get("/secrets/default")),
                // Item 4: a native label is a subdirectory of each location.
                c(NATIVE, get("/orders/default/v2")),
                // Item 5: placeholders in the search locations.
                c(NATIVE_APPLICATION_PLACEHOLDER, get("/orders/default")),
                c(NATIVE_APPLICATION_PLACEHOLDER, get("/billing/default")),
                // Item 6: plain files.
                c(NATIVE, get("/orders/default/master/notes.txt")),
                c(NATIVE, get("/orders/default/notes.txt?useDefaultLabel=true")),
                c(NATIVE, get("/orders/default/master/notes.txt", "Accept", "application/octet-stream")),
                c(NATIVE_TWO_LOCATIONS, get("/orders/default/master/notes.txt")),
                // A list overridden by a shorter one in a profile file: rendered whole from the profile file, but a
                // plain file's placeholders look items up key by key in the sources.
                c(NATIVE, get("/lists-prod.yml")),
                c(NATIVE, get("/lists-prod.properties")),
                c(NATIVE, get("/lists/prod/master/endpoints.txt")),
                c(NATIVE_TWO_LOCATIONS, get("/orders/default")),
                // Item 7: an escaped placeholder.
                c(NATIVE, get("/escaped-default.yml")),
                c(NATIVE, get("/escaped-default.properties")),
                // Item 8: YAML roots that are not maps.
                c(NATIVE, get("/scalar/default")),
                c(NATIVE, get("/listy/default")),
                // Git: labels, tags, and item 9 (a branch created after the servers' last fetch).
                c(GIT, get("/orders/default")),
                c(GIT, get("/orders/prod/main")),
                c(GIT, get("/orders/default/release")),
                c(GIT, get("/orders/default/v1")),
                c(GIT, get("/orders/default/no-such-label")),
                c(GIT, get("/orders/default/late")),
                // Repository layouts: search paths with a placeholder, server-side overrides.
                c(GIT_SEARCH_PATHS, get("/orders/prod/main")),
                c(GIT_SEARCH_PATHS, get("/billing/default/main")),
                c(NATIVE_OVERRIDES, get("/orders/prod")),
                c(NATIVE_OVERRIDES, get("/orders-prod.yml")),
                // The encryption endpoints.
                c(NATIVE, get("/encrypt/status")),
                c(NATIVE, get("/key")),
                c(NATIVE, post("/encrypt", "text/plain", "s3cret")),
                c(NATIVE, post("/decrypt", "text/plain", DifferentialFixture.CIPHER)),
                c(NATIVE_WITH_KEY, get("/encrypt/status")),
                c(NATIVE_WITH_KEY, get("/key")),
                c(NATIVE_WITH_KEY, post("/decrypt", "text/plain", DifferentialFixture.CIPHER)),
                c(NATIVE_WITH_KEY, post("/decrypt/orders/prod", "text/plain", DifferentialFixture.CIPHER)),
                c(NATIVE_WITH_KEY, post("/decrypt", "text/plain", "not-a-cipher")),
                c(NATIVE_WITH_KEYSTORE, get("/encrypt/status")),
                c(NATIVE_WITH_KEYSTORE, get("/key")),
                c(NATIVE_WITH_KEYSTORE, get("/key/orders/prod")),
                // HTTP details.
                c(NATIVE, request("HEAD", "/orders/default")),
                c(NATIVE, request("OPTIONS", "/orders/default")),
                c(NATIVE, request("OPTIONS", "/encrypt")),
                c(NATIVE, request("HEAD", "/orders-prod.yml")),
                c(NATIVE, get("/orders/default", "Accept", "application/json")),
                c(NATIVE, get("/orders/default", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8")),
                c(NATIVE, get("/orders/default", "Accept", "image/png")),
                c(NATIVE, get("/orders/default", "Accept", "application/vnd.spring-cloud.config-server.v2+json")));
    }

    private static Map.Entry<String, String> known(String id, String reason) {
        return Map.entry(id, reason);
    }

    private static Arguments c(DifferentialFixture fixture, HttpExchange exchange) {
        return Arguments.of(fixture, exchange);
    }

    private static String id(DifferentialFixture fixture, HttpExchange exchange) {
        return fixture + " " + exchange;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void vortexAnswersLikeSpringCloudConfigServer(DifferentialFixture fixture, HttpExchange exchange) throws Exception {
        List<String> differences;
        try {
            Servers servers = servers(fixture);
            HttpExchange.Answer expected = exchange.send(servers.spring.url());
            HttpExchange.Answer actual = exchange.send(servers.vortex.url());
            differences = differences(servers, expected, actual);
        } catch (IllegalStateException e) {
            // Vortex refusing the fixture's settings is a difference too (Spring Cloud Config started).
            differences = List.of("the servers did not start: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
        }
        String known = KNOWN_DIFFERENCES.get(id(fixture, exchange));
        if (known != null) {
            assertThat(differences)
                    .as("now agrees with Spring Cloud Config: remove it from KNOWN_DIFFERENCES (" + known + ")")
                    .isNotEmpty();
            Assumptions.abort("known difference: " + known + "\n" + String.join("\n", differences));
        }
        assertThat(differences).as(id(fixture, exchange)).isEmpty();
    }

    /** Values encrypted by either server decrypt on the other, with a symmetric key and with a keystore. */
    @Test
    void ciphertextOfEitherServer_decryptsOnTheOther() throws Exception {
        for (DifferentialFixture fixture : List.of(NATIVE_WITH_KEY, NATIVE_WITH_KEYSTORE)) {
            Servers servers = servers(fixture);
            for (String[] pair : List.of(
                    new String[] {servers.spring.url(), servers.vortex.url()},
                    new String[] {servers.vortex.url(), servers.spring.url()})) {
                HttpExchange.Answer encrypted =
                        post("/encrypt", "text/plain", "p\u00e4ss w0rd").send(pair[0]);
                assertThat(encrypted.status())
                        .as(fixture + " /encrypt on " + pair[0])
                        .isEqualTo(200);
                String cipher = new String(encrypted.body(), StandardCharsets.UTF_8);
                HttpExchange.Answer decrypted =
                        post("/decrypt", "text/plain", cipher).send(pair[1]);
                assertThat(decrypted.status())
                        .as(fixture + " /decrypt on " + pair[1])
                        .isEqualTo(200);
                assertThat(new String(decrypted.body(), StandardCharsets.UTF_8)).isEqualTo("p\u00e4ss w0rd");
            }
        }
    }

    private static List<String> differences(Servers servers, HttpExchange.Answer expected, HttpExchange.Answer actual)
            throws Exception {
        List<String> differences = new ArrayList<>();
        if (expected.status() != actual.status()) {
            differences.add("status: Spring " + expected.status() + ", Vortex " + actual.status());
        }
        if (!normalizedType(expected.contentType()).equals(normalizedType(actual.contentType()))) {
            differences.add(
                    "content type: Spring '" + expected.contentType() + "', Vortex '" + actual.contentType() + "'");
        }
        if (!expected.allow().equals(actual.allow())) {
            differences.add("Allow: Spring '" + expected.allow() + "', Vortex '" + actual.allow() + "'");
        }
        String springBody = servers.normalize(new String(expected.body(), StandardCharsets.UTF_8));
        String vortexBody = servers.normalize(new String(actual.body(), StandardCharsets.UTF_8));
        if (expected.contentType().contains("json") && actual.contentType().contains("json")) {
            springBody = canonicalJson(springBody);
            vortexBody = canonicalJson(vortexBody);
        }
        if (!springBody.equals(vortexBody)) {
            differences.add("body:\n  Spring: " + springBody + "\n  Vortex: " + vortexBody);
        }
        return differences;
    }

    private static String normalizedType(String contentType) {
        return contentType.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
    }

    /** The JSON re-encoded in its own key order, with error timestamps (which always differ) masked. */
    private static String canonicalJson(String body) {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree instanceof ObjectNode object && object.has("timestamp")) {
                object.put("timestamp", "<timestamp>");
            }
            return JSON.writeValueAsString(tree);
        } catch (RuntimeException e) {
            return body;
        }
    }

    private static synchronized Servers servers(DifferentialFixture fixture) throws Exception {
        Servers servers = SERVERS.get(fixture);
        if (servers == null) {
            Exception failed = FAILED_STARTS.get(fixture);
            if (failed != null) {
                throw new IllegalStateException("the servers of " + fixture + " did not start", failed);
            }
            try {
                servers = Servers.start(fixture);
            } catch (Exception e) {
                FAILED_STARTS.put(fixture, e);
                throw e;
            }
            SERVERS.put(fixture, servers);
        }
        return servers;
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(Servers::close);
        SERVERS.clear();
        FAILED_STARTS.clear();
    }

    /** Both servers on one fixture, built in a temporary directory of its own. */
    private record Servers(Path dir, SpringCloudConfigServer spring, VortexProcess vortex) implements AutoCloseable {

        static Servers start(DifferentialFixture fixture) throws Exception {
            Path dir =
                    Files.createTempDirectory("differential-" + fixture.name().toLowerCase(java.util.Locale.ROOT));
            DifferentialFixture.Layout layout = fixture.build(dir);
            SpringCloudConfigServer spring = SpringCloudConfigServer.start(layout.springProperties());
            VortexProcess vortex;
            try {
                vortex = VortexProcess.start(
                        layout.vortexEnv(), layout.vortexArgs().toArray(String[]::new));
            } catch (Exception | Error e) {
                spring.close();
                throw e;
            }
            Servers servers = new Servers(dir, spring, vortex);
            // A first request makes each server clone or read the repository before the fixture moves on.
            get("/orders/default").send(spring.url());
            get("/orders/default").send(vortex.url());
            fixture.afterStart(dir);
            return servers;
        }

        /** Masks what differs by construction: each server's own clone directory. */
        String normalize(String body) {
            return body.replace(dir.resolve("spring-clone").toUri().toString(), "<clone>/")
                    .replace(dir.resolve("vortex-clone").toUri().toString(), "<clone>/")
                    .replace(dir.resolve("spring-clone").toString(), "<clone>")
                    .replace(dir.resolve("vortex-clone").toString(), "<clone>");
        }

        @Override
        public void close() {
            try {
                vortex.close();
            } finally {
                spring.close();
                deleteRecursively(dir);
            }
        }

        private static void deleteRecursively(Path root) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (java.io.IOException e) {
                // A leftover temporary directory is not worth failing the build for.
            }
        }
    }
}

package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import dev.vortex.server.WsTestClient;
import dev.vortex.server.crypto.EncryptionSettings;
import dev.vortex.server.crypto.Keystores;
import dev.vortex.server.realtime.RealtimeFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.encrypt.Encryptors;

/**
 * {@code {cipher}} values and the encryption endpoints through a real server: what {@code /encrypt} returns
 * goes into a file, and HTTP and WebSocket clients see the plain text.
 */
class EncryptionHttpApiTest {
    private static final String KEY = "vortex-test-key";
    private static final EncryptionSettings WITH_KEY =
            new EncryptionSettings(Optional.of(KEY), EncryptionSettings.DEFAULT_SALT, Optional.empty(), true);

    @TempDir
    Path dir;

    private Path repo() throws Exception {
        return Files.createDirectories(dir.resolve("repo"));
    }

    @Test
    void encryptedValue_reachesHttpAndWebSocketClientsDecrypted_andAnEditIsPushedDecrypted() throws Exception {
        try (RealtimeFixture fixture = RealtimeFixture.start(repo(), settings -> settings.encryption(WITH_KEY))) {
            TestClient http = fixture.http();
            String cipher = http.post("/encrypt", "text/plain", "s3cret").body();
            fixture.write("orders.yml", "db:\n  user: app\n  password: '{cipher}" + cipher + "'\n");

            JsonNode environment = http.getJson("/orders/default");
            JsonNode source = environment.at("/propertySources/0/source");
            assertThat(source.get("db.password").asText()).isEqualTo("s3cret");
            assertThat(http.get("/orders-default.yml").body()).contains("password: s3cret");

            WsTestClient client = fixture.connect("/ws/orders/default");
            client.next("config_snapshot");
            assertThat(client.config("orders", "default", null)
                            .at("/db/password")
                            .asText())
                    .isEqualTo("s3cret");

            String rotated = http.post("/encrypt", "text/plain", "n3w-s3cret").body();
            fixture.write("orders.yml", "db:\n  user: app\n  password: '{cipher}" + rotated + "'\n");
            // A diff or a fresh snapshot, as the protocol allows; either carries the plain text only.
            JsonNode update;
            do {
                update = client.next();
            } while (!client.config("orders", "default", null)
                    .at("/db/password")
                    .asText()
                    .equals("n3w-s3cret"));
            assertThat(update.toString()).contains("n3w-s3cret").doesNotContain(rotated);
            assertThat(client.violations()).isEmpty();
        }
    }

    @Test
    void valueEncryptedBySpringSecurity_decrypts_andOneThatDoesNot_becomesInvalid() throws Exception {
        Path repo = repo();
        String springCipher =
                Encryptors.text(KEY, EncryptionSettings.DEFAULT_SALT).encrypt("from-spring");
        Files.writeString(
                repo.resolve("orders.yml"), "a: '{cipher}" + springCipher + "'\nb: '{cipher}0123abcd'\nc: plain\n");
        try (RealtimeFixture fixture = RealtimeFixture.start(repo, settings -> settings.encryption(WITH_KEY))) {
            JsonNode source = fixture.http().getJson("/orders/default").at("/propertySources/0/source");

            // As Spring Cloud Config: each decrypted or refused value moves to the end of its source.
            assertThat(source.toString()).isEqualTo("{\"c\":\"plain\",\"a\":\"from-spring\",\"invalid.b\":\"<n/a>\"}");
        }
    }

    @Test
    void withoutAKey_cipherValuesBecomeInvalid_andTheEndpointsSayNoKey() throws Exception {
        Path repo = repo();
        Files.writeString(repo.resolve("orders.yml"), "password: '{cipher}0123abcd'\n");
        try (RealtimeFixture fixture = RealtimeFixture.start(repo)) {
            TestClient http = fixture.http();
            assertThat(http.getJson("/orders/default")
                            .at("/propertySources/0/source")
                            .toString())
                    .isEqualTo("{\"invalid.password\":\"<n/a>\"}");

            HttpResponse<String> encrypt = http.post("/encrypt", "text/plain", "x");
            assertThat(encrypt.statusCode()).isEqualTo(404);
            assertThat(TestClient.json(encrypt.body()).get("status").asText()).isEqualTo("NO_KEY");
            assertThat(http.post("/decrypt", "text/plain", "0123abcd").statusCode())
                    .isEqualTo(404);
            assertThat(http.get("/encrypt/status").statusCode()).isEqualTo(404);
            HttpResponse<String> key = http.get("/key");
            assertThat(key.statusCode()).isEqualTo(404);
            assertThat(TestClient.json(key.body()).get("status").asText()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void decryptFalse_servesCiphertextUnchanged_forClientsThatHoldTheKey() throws Exception {
        Path repo = repo();
        String cipher = Encryptors.text(KEY, EncryptionSettings.DEFAULT_SALT).encrypt("s3cret");
        Files.writeString(repo.resolve("orders.yml"), "password: '{cipher}" + cipher + "'\n");
        EncryptionSettings off =
                new EncryptionSettings(Optional.of(KEY), EncryptionSettings.DEFAULT_SALT, Optional.empty(), false);
        try (RealtimeFixture fixture = RealtimeFixture.start(repo, settings -> settings.encryption(off))) {
            assertThat(fixture.http()
                            .getJson("/orders/default")
                            .at("/propertySources/0/source/password")
                            .asText())
                    .isEqualTo("{cipher}" + cipher);
            // The endpoints still work: operators encrypt with the server even when clients decrypt.
            assertThat(fixture.http().post("/decrypt", "text/plain", cipher).body())
                    .isEqualTo("s3cret");
        }
    }

    @Test
    void endpoints_withASymmetricKey_answerLikeSpringCloudConfig() throws Exception {
        try (RealtimeFixture fixture = RealtimeFixture.start(repo(), settings -> settings.encryption(WITH_KEY))) {
            TestClient http = fixture.http();
            assertThat(http.get("/encrypt/status").body()).isEqualTo("{\"status\":\"OK\"}");
            // curl -d sends a form: "secret=" is unwrapped to "secret", as Spring does.
            String cipher = http.post("/encrypt/orders/prod", "application/x-www-form-urlencoded", "p%C3%A4ss=")
                    .body();
            assertThat(Encryptors.text(KEY, EncryptionSettings.DEFAULT_SALT).decrypt(cipher))
                    .isEqualTo("päss");
            assertThat(http.post("/decrypt/orders/prod", "text/plain", cipher).body())
                    .isEqualTo("päss");

            HttpResponse<String> invalid = http.post("/decrypt", "text/plain", "not-a-cipher");
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.body())
                    .isEqualTo("{\"description\":\"Text not encrypted with this key\",\"status\":\"INVALID\"}");
            assertThat(http.get("/key").statusCode()).isEqualTo(404);
            assertThat(http.post("/encrypt", null, "x").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void keystoreKey_showsItsPublicKey_andDecryptsValuesOfEachKeyPairByPrefix() throws Exception {
        Path keystore = Keystores.rsa(dir.resolve("keys.p12"), "PKCS12", "storepass", "first");
        // A second key pair in the same keystore, picked by {key:second}.
        Path other = Keystores.rsa(dir.resolve("other.p12"), "PKCS12", "storepass", "second");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore);
                var otherIn = Files.newInputStream(other)) {
            store.load(in, "storepass".toCharArray());
            KeyStore second = KeyStore.getInstance("PKCS12");
            second.load(otherIn, "storepass".toCharArray());
            store.setEntry(
                    "second",
                    second.getEntry("second", new KeyStore.PasswordProtection("storepass".toCharArray())),
                    new KeyStore.PasswordProtection("storepass".toCharArray()));
        }
        try (var out = Files.newOutputStream(keystore)) {
            store.store(out, "storepass".toCharArray());
        }
        EncryptionSettings rsa = new EncryptionSettings(
                Optional.empty(),
                EncryptionSettings.DEFAULT_SALT,
                Optional.of(new EncryptionSettings.KeyStoreSettings(
                        keystore, "storepass", "first", Optional.empty(), Optional.empty())),
                true);
        try (RealtimeFixture fixture = RealtimeFixture.start(repo(), settings -> settings.encryption(rsa))) {
            TestClient http = fixture.http();
            assertThat(http.get("/key").body()).startsWith("ssh-rsa ").endsWith(" application");
            String first = http.post("/encrypt", "text/plain", "one").body();
            String second =
                    http.post("/encrypt", "text/plain", "{key:second}two").body();
            assertThat(second).startsWith("{key:second}");
            fixture.write("orders.yml", "one: '{cipher}" + first + "'\ntwo: '{cipher}" + second + "'\n");

            JsonNode source = http.getJson("/orders/default").at("/propertySources/0/source");
            assertThat(source.get("one").asText()).isEqualTo("one");
            assertThat(source.get("two").asText()).isEqualTo("two");
            assertThat(http.post("/decrypt", "text/plain", second).body()).isEqualTo("two");
        }
    }
}

package dev.vortex.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class EnvironmentDecryptorTest {
    /**
     * {@code "s3cret é"}, encrypted once by Spring Security 7.0.6's {@code Encryptors.text("vortex-test-key",
     * "deadbeef")} (jshell) and kept as it came out: a fixed vector, so a change of format on either side shows.
     */
    private static final String SPRING_CIPHER = "d385439fc46a909cf0745e3ecabee5cf0e4cb9fb3ccc220e1dcda87e56ccc03e";

    /** {@code "salted"}, by {@code Encryptors.text("vortex-test-key", "cafebabe")}. */
    private static final String SPRING_CIPHER_SALTED =
            "fe5dfe1eec3c57efa1dd91c8e9cf8bbb2587d6e5efc44379fb83cad946fcd767";

    @TempDir
    Path dir;

    private static EncryptionSettings key(String salt) {
        return new EncryptionSettings(Optional.of("vortex-test-key"), salt, Optional.empty(), true);
    }

    private static Environment environment(Map<String, Object> properties) {
        return new Environment(
                "orders",
                List.of("prod"),
                null,
                null,
                null,
                List.of(new PropertySource("file:/repo/orders.yml", properties)));
    }

    private static Map<String, Object> decrypt(EncryptionSettings settings, Map<String, Object> properties) {
        return EnvironmentDecryptor.of(settings, KeyRing.of(settings))
                .apply(environment(properties))
                .propertySources()
                .get(0)
                .source();
    }

    @Test
    void springSecurityCiphertexts_decrypt_withTheDefaultSaltAndAnother() {
        assertThat(decrypt(key(EncryptionSettings.DEFAULT_SALT), Map.of("p", "{cipher}" + SPRING_CIPHER)))
                .containsExactly(Map.entry("p", "s3cret \u00e9"));
        assertThat(decrypt(key("cafebabe"), Map.of("p", "{cipher}" + SPRING_CIPHER_SALTED)))
                .containsExactly(Map.entry("p", "salted"));
    }

    @Test
    void decryptedAndRefusedValues_moveToTheEndOfTheirSource_asInSpringCloudConfig() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("a", "{cipher}" + SPRING_CIPHER);
        properties.put("b", "{cipher}abcd");
        properties.put("c", 3);
        assertThat(decrypt(key(EncryptionSettings.DEFAULT_SALT), properties).keySet())
                .containsExactly("c", "a", "invalid.b");
    }

    @Test
    void wrongSalt_orNoKey_makesTheValueInvalid() {
        assertThat(decrypt(key("cafebabe"), Map.of("p", "{cipher}" + SPRING_CIPHER)))
                .containsExactly(Map.entry("invalid.p", "<n/a>"));
        assertThat(decrypt(EncryptionSettings.NONE, Map.of("p", "{cipher}" + SPRING_CIPHER)))
                .containsExactly(Map.entry("invalid.p", "<n/a>"));
    }

    @Test
    void decryptOff_leavesTheEnvironmentAsItIs() {
        EncryptionSettings off = new EncryptionSettings(
                Optional.of("vortex-test-key"), EncryptionSettings.DEFAULT_SALT, Optional.empty(), false);
        assertThat(decrypt(off, Map.of("p", "{cipher}" + SPRING_CIPHER)))
                .containsExactly(Map.entry("p", "{cipher}" + SPRING_CIPHER));
    }

    @Test
    void neitherPlainTextNorCiphertext_reachesTheLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger(EnvironmentDecryptor.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            decrypt(key(EncryptionSettings.DEFAULT_SALT), Map.of("ok", "{cipher}" + SPRING_CIPHER));
            decrypt(key("cafebabe"), Map.of("wrong", "{cipher}" + SPRING_CIPHER));
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).hasSize(1);
        String logged = appender.list.get(0).getFormattedMessage();
        assertThat(logged)
                .contains("wrong")
                .contains("orders/prod")
                .doesNotContain(SPRING_CIPHER)
                .doesNotContain("s3cret");
    }

    @Test
    void badKeystoreSettings_areRefusedAtStart_namingWhatIsWrong() throws Exception {
        Path keystore = Keystores.rsa(dir.resolve("keys.p12"), "PKCS12", "storepass", "config");
        assertThatThrownBy(() -> KeyRing.of(keyStore(dir.resolve("missing.p12"), "storepass", "config")))
                .hasMessageContaining("missing.p12");
        assertThatThrownBy(() -> KeyRing.of(keyStore(keystore, "wrong", "config")))
                .hasMessageContaining("cannot open keystore " + keystore);
        assertThatThrownBy(() -> KeyRing.of(keyStore(keystore, "storepass", "nope")))
                .hasMessageContaining("alias 'nope'");
        assertThatThrownBy(() -> KeyRing.of(key("not-hex")))
                .hasMessageContaining("encrypt.salt must be hexadecimal, was 'not-hex'");
    }

    @Test
    void jksKeystore_works_likePkcs12() throws Exception {
        Path keystore = Keystores.rsa(dir.resolve("keys.jks"), "JKS", "storepass", "config");
        KeyRing ring = KeyRing.of(keyStore(keystore, "storepass", "config"));
        CipherTexts ciphers = new CipherTexts(ring);
        assertThat(ciphers.decrypt(ciphers.encrypt("jks", "text/plain"), "text/plain"))
                .isEqualTo("jks");
    }

    private static EncryptionSettings keyStore(Path location, String password, String alias) {
        return new EncryptionSettings(
                Optional.empty(),
                EncryptionSettings.DEFAULT_SALT,
                Optional.of(new EncryptionSettings.KeyStoreSettings(
                        location, password, alias, Optional.empty(), Optional.empty())),
                true);
    }
}

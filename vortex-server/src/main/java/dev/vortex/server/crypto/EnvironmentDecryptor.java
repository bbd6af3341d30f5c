package dev.vortex.server.crypto;

import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.encrypt.TextEncryptor;

/**
 * Decrypts the {@code {cipher}} values of a resolved environment exactly as Spring Cloud Config Server's
 * {@code CipherEnvironmentEncryptor} does, so that clients see the same properties:
 *
 * <ul>
 *   <li>a value that decrypts is replaced by its plain text, which moves to the end of its property source
 *       (Spring removes the key and puts it back);
 *   <li>a value that does not decrypt (no key, another key, not a ciphertext) is dropped, and {@code
 *       invalid.<key>} with the value {@code <n/a>} is added at the end of the same source, so that a client
 *       sees that a secret is missing instead of starting with a ciphertext as a password.
 * </ul>
 *
 * <p>Applied where HTTP and WebSocket share the resolved config (the cache), never in an HTTP handler, so
 * that both APIs carry the same values. Plain texts and ciphertexts never reach the logs: a failure is
 * logged with the property's name and the reason only.
 *
 * <p>Stateless apart from the key ring; safe for concurrent use.
 */
public final class EnvironmentDecryptor implements UnaryOperator<Environment> {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentDecryptor.class);
    private static final String CIPHER = "{cipher}";

    private final KeyRing keys;

    private EnvironmentDecryptor(KeyRing keys) {
        this.keys = keys;
    }

    /**
     * The step that the cache applies to every resolved environment.
     *
     * @return a decryptor, or the identity when {@code settings} turn server-side decryption off
     */
    public static UnaryOperator<Environment> of(EncryptionSettings settings, KeyRing keys) {
        return settings.decrypt() ? new EnvironmentDecryptor(keys) : UnaryOperator.identity();
    }

    @Override
    public Environment apply(Environment environment) {
        List<PropertySource> sources =
                new ArrayList<>(environment.propertySources().size());
        boolean changed = false;
        for (PropertySource source : environment.propertySources()) {
            PropertySource decrypted = decrypt(environment, source);
            changed |= decrypted != source;
            sources.add(decrypted);
        }
        if (!changed) {
            return environment;
        }
        return environment.withPropertySources(sources);
    }

    private PropertySource decrypt(Environment environment, PropertySource source) {
        if (source.source().values().stream().noneMatch(EnvironmentDecryptor::isCipher)) {
            return source;
        }
        Map<String, Object> properties = new LinkedHashMap<>(source.source());
        for (Map.Entry<String, Object> entry : source.source().entrySet()) {
            if (!isCipher(entry.getValue())) {
                continue;
            }
            String name = entry.getKey();
            properties.remove(name);
            String text = ((String) entry.getValue()).substring(CIPHER.length());
            try {
                properties.put(name, decrypt(text));
            } catch (RuntimeException e) {
                // The reason only: a message of the crypto library never holds the plain text, but the
                // value itself (a ciphertext, perhaps of another environment) stays out of the logs too.
                LOG.warn(
                        "cannot decrypt {} in {} of {}/{}: {}",
                        name,
                        source.name(),
                        environment.name(),
                        String.join(",", environment.profiles()),
                        e.getClass().getSimpleName());
                properties.put("invalid." + name, "<n/a>");
            }
        }
        return new PropertySource(source.name(), properties);
    }

    private String decrypt(String text) {
        CipherPrefix prefix = CipherPrefix.parse(text);
        TextEncryptor encryptor =
                keys.locate(prefix.pairs()).orElseThrow(() -> new IllegalStateException("no key installed"));
        return encryptor.decrypt(prefix.rest());
    }

    private static boolean isCipher(Object value) {
        return value instanceof String text && text.startsWith(CIPHER);
    }
}

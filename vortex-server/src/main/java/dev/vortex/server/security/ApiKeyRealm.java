package dev.vortex.server.security;

import dev.vortex.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The configured API keys. A presented key is compared with every configured one in constant time (over
 * their SHA-256 digests, so that lengths do not leak either), and all of them are always compared.
 */
final class ApiKeyRealm {
    private record Entry(byte[] digest, Principal principal) {}

    private final List<Entry> entries;

    /**
     * @param keys the configured keys
     * @param generation the settings generation their principals are made under
     */
    ApiKeyRealm(List<SecuritySettings.ApiKey> keys, long generation) {
        this.entries = keys.stream()
                .map(key -> {
                    byte[] digest = digest(key.key());
                    Credential credential = new Credential(Credential.Scheme.API_KEY, digest, generation);
                    return new Entry(digest, new Principal(key.name(), key.grants(), Long.MAX_VALUE, credential));
                })
                .toList();
    }

    /** Whether any key is configured. */
    boolean configured() {
        return !entries.isEmpty();
    }

    /**
     * The principal of {@code presented}.
     *
     * @throws AuthenticationException when no configured key equals it
     */
    Principal authenticate(String presented) {
        return authenticateDigest(digest(presented));
    }

    /**
     * The principal of the key whose SHA-256 is {@code digest}: how an open connection's key is checked again
     * after a reload, without the key itself.
     *
     * @throws AuthenticationException when no configured key has that digest
     */
    Principal authenticateDigest(byte[] digest) {
        Principal found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry.principal();
            }
        }
        if (found == null) {
            throw new AuthenticationException("unknown API key");
        }
        return found;
    }

    static byte[] digest(String text) {
        return Sha256.newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.vortex.server.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional {@code {name:value}} pairs in front of a ciphertext, as Spring Cloud Config writes them: {@code
 * {key:alias}} picks a key pair of the keystore, {@code {secret:password}} its password. They are not part
 * of the ciphertext. {@code {plain}} ends the prefix, for a text that starts with a brace itself.
 */
final class CipherPrefix {
    private static final Pattern PAIR = Pattern.compile("\\{([^{}:]*)(?::([^{}]*))?}");
    private static final String ESCAPE = "{plain}";

    private final Map<String, String> pairs;
    private final String rest;

    private CipherPrefix(Map<String, String> pairs, String rest) {
        this.pairs = pairs;
        this.rest = rest;
    }

    /** Splits {@code text} into its leading {@code {name:value}} pairs and the rest. */
    static CipherPrefix parse(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int position = 0;
        Matcher matcher = PAIR.matcher(text);
        while (position < text.length() && matcher.find(position) && matcher.start() == position) {
            if (matcher.group().equals(ESCAPE)) {
                return new CipherPrefix(pairs, text.substring(matcher.end()));
            }
            pairs.put(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
            position = matcher.end();
        }
        return new CipherPrefix(pairs, text.substring(position));
    }

    /** The pairs, in their order ({@code key} and {@code secret} are the ones a keystore reads). */
    Map<String, String> pairs() {
        return pairs;
    }

    /** What follows the pairs: the ciphertext (or the plain text, for {@code /encrypt}). */
    String rest() {
        return rest;
    }

    /** {@code text} with these pairs in front, without Spring's {@code name} and {@code profiles}. */
    String prefix(String text) {
        StringBuilder prefixed = new StringBuilder();
        pairs.forEach((name, value) -> {
            if (!name.equals("name") && !name.equals("profiles")) {
                prefixed.append('{').append(name).append(':').append(value).append('}');
            }
        });
        return prefixed.append(text).toString();
    }
}

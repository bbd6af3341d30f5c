package dev.vortex.server.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code security} section of the settings file from its flattened properties
 * ({@code security.api-keys[0].read[1]}), as the YAML reader produces them:
 *
 * <pre>
 * security:
 *   health-open: true
 *   allowed-origins: [https://app.example.com]
 *   api-keys:
 *     - {name: ci, key: "...", read: ["orders:*:*"], rights: [refresh]}
 *   users:
 *     - {name: alice, password-hash: "$2a$10$...", read: ["*:prod:*"], rights: [metrics]}
 *   jwt:
 *     hs256-secret: "..."
 *     public-keys: [/etc/vortex/issuer-rsa.pem]
 *     jwks-file: /etc/vortex/jwks.json
 *     jwks-url: https://login.example.com/.well-known/jwks.json
 *     issuer: https://login.example.com
 *     audience: vortex
 *     clock-skew-seconds: 30
 *   webhooks:                      # POST /monitor: signed pushes need no other credentials
 *     github: ["..."]              # X-Hub-Signature-256; also gitlab (X-Gitlab-Token), gitea, gogs, bitbucket, gitee
 *   cors:                          # off unless allowed-origins is set
 *     allowed-origins: [https://app.example.com]
 *     allowed-methods: [GET, HEAD, POST, DELETE]
 *     allowed-headers: [Authorization, X-API-Key, Content-Type, Accept]
 *     exposed-headers: []
 *     allow-credentials: false
 *     max-age-seconds: 600
 *   failure-delay:                 # repeated authentication failures from one address
 *     enabled: true
 *     after: 5
 *     window-seconds: 60
 *     first-delay-millis: 250
 *     max-delay-millis: 2000
 *     max-addresses: 10000
 * </pre>
 *
 * A key this reader does not know is refused, so that a typo never leaves a server open.
 */
public final class SecuritySettingsReader {
    /** The prefix of every key this reader reads. */
    public static final String PREFIX = "security.";

    private static final Pattern ENTRY = Pattern.compile(
            "security\\.(api-keys|users)\\[(\\d+)]\\.(name|key|password-hash|read|rights)(?:\\[(\\d+)])?");
    private static final Pattern LIST = Pattern.compile("(security\\.[a-z.-]+)\\[(\\d+)]");

    private SecuritySettingsReader() {}

    /**
     * Reads the section.
     *
     * @param properties the settings file's flattened properties (other keys are ignored)
     * @return the settings; {@link SecuritySettings#NONE} when the section is absent
     * @throws IllegalArgumentException naming the bad key or value
     */
    public static SecuritySettings read(Map<String, String> properties) {
        Map<String, Map<Integer, Map<String, TreeMap<Integer, String>>>> entries = new TreeMap<>();
        Map<String, TreeMap<Integer, String>> lists = new TreeMap<>();
        Map<String, String> scalars = new TreeMap<>();
        TreeSet<String> unknown = new TreeSet<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            Matcher entry = ENTRY.matcher(key);
            Matcher list = LIST.matcher(key);
            if (entry.matches()) {
                entries.computeIfAbsent(entry.group(1), ignored -> new TreeMap<>())
                        .computeIfAbsent(Integer.parseInt(entry.group(2)), ignored -> new TreeMap<>())
                        .computeIfAbsent(entry.group(3), ignored -> new TreeMap<>())
                        .put(entry.group(4) == null ? 0 : Integer.parseInt(entry.group(4)), value);
            } else if (list.matches()) {
                lists.computeIfAbsent(list.group(1), ignored -> new TreeMap<>())
                        .put(Integer.parseInt(list.group(2)), value);
            } else {
                scalars.put(key, value);
            }
        });
        List<String> origins = values(lists.remove("security.allowed-origins"));
        List<Path> publicKeys = values(lists.remove("security.jwt.public-keys")).stream()
                .map(Path::of)
                .toList();
        WebhookSecrets webhooks = webhooks(lists, scalars);
        CorsSettings cors = cors(lists, scalars);
        FailureDelaySettings failureDelay = failureDelay(scalars);
        unknown.addAll(lists.keySet());
        boolean healthOpen = !"false".equalsIgnoreCase(scalars.remove("security.health-open"));
        String secret = scalars.remove("security.jwt.hs256-secret");
        String jwks = scalars.remove("security.jwt.jwks-file");
        String jwksUrl = scalars.remove("security.jwt.jwks-url");
        String issuer = scalars.remove("security.jwt.issuer");
        String audience = scalars.remove("security.jwt.audience");
        String skew = scalars.remove("security.jwt.clock-skew-seconds");
        unknown.addAll(scalars.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown security setting(s) " + unknown
                    + "; known: security.{health-open, allowed-origins, api-keys, users, jwt.{hs256-secret,"
                    + " public-keys, jwks-file, jwks-url, issuer, audience, clock-skew-seconds}, webhooks.{github, gitlab, gitea,"
                    + " gogs, bitbucket, gitee}, cors.{allowed-origins, allowed-methods, allowed-headers, exposed-headers,"
                    + " allow-credentials, max-age-seconds}, failure-delay.{enabled, after, window-seconds,"
                    + " first-delay-millis, max-delay-millis, max-addresses}}");
        }
        SecuritySettings.JwtSettings jwt = null;
        if (secret != null
                || !publicKeys.isEmpty()
                || jwks != null
                || jwksUrl != null
                || issuer != null
                || audience != null) {
            jwt = new SecuritySettings.JwtSettings(
                    secret,
                    publicKeys,
                    jwks == null ? null : Path.of(jwks),
                    issuer,
                    audience,
                    Duration.ofSeconds(skew == null ? 30 : parseSeconds(skew)),
                    jwksUrl == null ? null : url(jwksUrl));
        }
        List<SecuritySettings.ApiKey> apiKeys = new ArrayList<>();
        entries.getOrDefault("api-keys", Map.of())
                .forEach((index, fields) -> apiKeys.add(new SecuritySettings.ApiKey(
                        first(fields, "name"), first(fields, "key"), grants(fields, "api-keys[" + index + "]"))));
        List<SecuritySettings.User> users = new ArrayList<>();
        entries.getOrDefault("users", Map.of())
                .forEach((index, fields) -> users.add(new SecuritySettings.User(
                        first(fields, "name"),
                        first(fields, "password-hash"),
                        grants(fields, "users[" + index + "]"))));
        return new SecuritySettings(apiKeys, users, jwt, healthOpen, origins, webhooks, cors, failureDelay);
    }

    /** {@code security.webhooks.<provider>}: one secret, or a list of them. */
    private static WebhookSecrets webhooks(Map<String, TreeMap<Integer, String>> lists, Map<String, String> scalars) {
        Map<WebhookProvider, List<String>> secrets = new java.util.EnumMap<>(WebhookProvider.class);
        for (WebhookProvider provider : WebhookProvider.values()) {
            String key = "security.webhooks." + provider.key();
            List<String> values = new ArrayList<>(values(lists.remove(key)));
            String single = scalars.remove(key);
            if (single != null) {
                values.add(single);
            }
            secrets.put(provider, values);
        }
        return new WebhookSecrets(secrets);
    }

    private static CorsSettings cors(Map<String, TreeMap<Integer, String>> lists, Map<String, String> scalars) {
        List<String> methods = values(lists.remove("security.cors.allowed-methods"));
        List<String> headers = values(lists.remove("security.cors.allowed-headers"));
        String maxAge = scalars.remove("security.cors.max-age-seconds");
        return new CorsSettings(
                values(lists.remove("security.cors.allowed-origins")),
                methods.isEmpty() ? CorsSettings.DEFAULT_METHODS : methods,
                headers.isEmpty() ? CorsSettings.DEFAULT_HEADERS : headers,
                values(lists.remove("security.cors.exposed-headers")),
                bool(scalars.remove("security.cors.allow-credentials"), false, "security.cors.allow-credentials"),
                maxAge == null
                        ? CorsSettings.DEFAULT_MAX_AGE
                        : Duration.ofSeconds(number(maxAge, "security.cors.max-age-seconds")));
    }

    private static FailureDelaySettings failureDelay(Map<String, String> scalars) {
        FailureDelaySettings defaults = FailureDelaySettings.DEFAULT;
        String prefix = "security.failure-delay.";
        String after = scalars.remove(prefix + "after");
        String window = scalars.remove(prefix + "window-seconds");
        String first = scalars.remove(prefix + "first-delay-millis");
        String max = scalars.remove(prefix + "max-delay-millis");
        String addresses = scalars.remove(prefix + "max-addresses");
        return new FailureDelaySettings(
                bool(scalars.remove(prefix + "enabled"), defaults.enabled(), prefix + "enabled"),
                after == null ? defaults.after() : (int) number(after, prefix + "after"),
                window == null ? defaults.window() : Duration.ofSeconds(number(window, prefix + "window-seconds")),
                first == null ? defaults.firstDelay() : Duration.ofMillis(number(first, prefix + "first-delay-millis")),
                max == null ? defaults.maxDelay() : Duration.ofMillis(number(max, prefix + "max-delay-millis")),
                addresses == null ? defaults.maxAddresses() : (int) number(addresses, prefix + "max-addresses"));
    }

    private static boolean bool(String text, boolean absent, String key) {
        if (text == null) {
            return absent;
        }
        if (text.trim().equalsIgnoreCase("true") || text.trim().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text.trim());
        }
        throw new IllegalArgumentException(key + " must be true or false, not '" + text + "'");
    }

    /** A whole number from 0 to {@link Integer#MAX_VALUE}. */
    private static long number(String text, String key) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Answered below, naming the value.
        }
        throw new IllegalArgumentException(key + " must be a whole number >= 0, not '" + text + "'");
    }

    private static Grants grants(Map<String, TreeMap<Integer, String>> fields, String where) {
        try {
            return Grants.parse(values(fields.get("read")), values(fields.get("rights")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("security." + where + ": " + e.getMessage(), e);
        }
    }

    private static URI url(String text) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "security.jwt.jwks-url '" + text + "' is not a URL: " + e.getMessage(), e);
        }
    }

    private static long parseSeconds(String text) {
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // Answered below, naming the value.
        }
        throw new IllegalArgumentException(
                "security.jwt.clock-skew-seconds must be a number of seconds >= 0, not '" + text + "'");
    }

    private static String first(Map<String, TreeMap<Integer, String>> fields, String name) {
        TreeMap<Integer, String> values = fields.get(name);
        return values == null ? null : values.firstEntry().getValue();
    }

    private static List<String> values(TreeMap<Integer, String> indexed) {
        return indexed == null ? List.of() : List.copyOf(indexed.values());
    }
}

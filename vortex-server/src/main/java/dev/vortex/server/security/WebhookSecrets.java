package dev.vortex.server.security;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The webhook secrets of the settings file ({@code security.webhooks}): for each Git host, the secrets a push
 * may be signed with. Several per host let a secret be rotated without a window where pushes are refused.
 *
 * @param secrets the secrets of each provider; providers without secrets are absent
 */
public record WebhookSecrets(Map<WebhookProvider, List<String>> secrets) {
    /** No secret: {@code POST /monitor} is judged by credentials alone. */
    public static final WebhookSecrets NONE = new WebhookSecrets(Map.of());

    /** The shortest secret accepted: a guessable one would make the signature worthless. */
    static final int MIN_LENGTH = 16;

    /**
     * Copies the map and checks every secret.
     *
     * @throws IllegalArgumentException naming the provider and position of a secret that is too short (never
     *     the secret)
     */
    public WebhookSecrets {
        Map<WebhookProvider, List<String>> copy = new EnumMap<>(WebhookProvider.class);
        secrets.forEach((provider, list) -> {
            for (int i = 0; i < list.size(); i++) {
                String secret = list.get(i);
                if (secret == null || secret.length() < MIN_LENGTH) {
                    throw new IllegalArgumentException("security.webhooks." + provider.key() + "[" + i
                            + "] must have at least " + MIN_LENGTH + " characters");
                }
            }
            if (!list.isEmpty()) {
                copy.put(provider, List.copyOf(list));
            }
        });
        secrets = Map.copyOf(copy);
    }

    /** Whether any secret is configured, so that {@code POST /monitor} needs a signature or the refresh right. */
    public boolean configured() {
        return !secrets.isEmpty();
    }

    @Override
    public String toString() {
        // Never the secrets: settings end up in logs.
        return "WebhookSecrets"
                + secrets.entrySet().stream()
                        .collect(Collectors.toMap(entry -> entry.getKey().key(), entry -> entry.getValue()
                                .size()));
    }
}

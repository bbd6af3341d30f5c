package dev.vortex.server.security;

import dev.vortex.core.Sha256;
import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a push webhook comes from a Git host that knows one of the configured secrets: the HMAC-SHA256
 * of the exact body bytes under a secret equals the one in the provider's header (GitHub, Gitea, Gogs,
 * Bitbucket), or the GitLab token equals a secret, or Gitee's token is either a secret (its "password" mode) or
 * the Base64 HMAC-SHA256 of {@code X-Gitee-Timestamp + "\n" + secret} under the secret (its "signing key" mode),
 * the timestamp (milliseconds) within {@link #GITEE_TIMESTAMP_TOLERANCE} of this server's clock, as Gitee
 * documents. Gitee's signature covers the time, not the body: a captured push can be replayed within that hour,
 * which can only make the server fetch. Every comparison takes the same time whatever the bytes ({@link
 * MessageDigest#isEqual}); tokens are compared as SHA-256 digests so that not even their length shows.
 *
 * <p>Thread-safe: a {@link Mac} is made per check (they are not), the keys are immutable.
 */
public final class WebhookVerifier {
    /** How far Gitee's signed timestamp may be from this server's clock, either way (Gitee's own limit). */
    public static final Duration GITEE_TIMESTAMP_TOLERANCE = Duration.ofHours(1);

    /** The header that carries the time Gitee signed. */
    static final String GITEE_TIMESTAMP = "X-Gitee-Timestamp";

    private static final HexFormat HEX = HexFormat.of();
    private static final int SHA256_BYTES = 32;

    private final Map<WebhookProvider, List<SecretKeySpec>> keys = new EnumMap<>(WebhookProvider.class);
    private final Map<WebhookProvider, List<byte[]>> tokenDigests = new EnumMap<>(WebhookProvider.class);
    /** Gitee's secrets as they are, for the string it signs (the timestamp, a newline and the secret). */
    private final List<String> giteeSecrets;

    private final Clock clock;

    /** A verifier of the configured secrets, on the system clock. */
    public WebhookVerifier(WebhookSecrets secrets) {
        this(secrets, Clock.systemUTC());
    }

    /** A verifier of the configured secrets, judging Gitee's timestamps by {@code clock}. */
    public WebhookVerifier(WebhookSecrets secrets, Clock clock) {
        this.clock = clock;
        this.giteeSecrets = List.copyOf(secrets.secrets().getOrDefault(WebhookProvider.GITEE, List.of()));
        secrets.secrets().forEach((provider, list) -> {
            if (provider.prefix() == null) {
                tokenDigests.put(
                        provider, list.stream().map(WebhookVerifier::sha256).toList());
            } else {
                keys.put(
                        provider,
                        list.stream()
                                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                                .toList());
            }
        });
    }

    /** Whether any secret is configured. */
    public boolean configured() {
        return !keys.isEmpty() || !tokenDigests.isEmpty();
    }

    /** The headers a signed push may carry here, for messages: those of the configured providers. */
    public List<String> headers() {
        List<String> headers = new ArrayList<>();
        for (WebhookProvider provider : WebhookProvider.values()) {
            if (keys.containsKey(provider) || tokenDigests.containsKey(provider)) {
                headers.add(provider.header());
            }
        }
        return headers;
    }

    /**
     * Judges a request.
     *
     * @param headers its headers
     * @param body the exact bytes of its body
     * @return valid when the header of a configured provider matches; otherwise why not
     */
    public Verdict verify(MultiMap headers, byte[] body) {
        Verdict first = Verdict.MISSING;
        for (WebhookProvider provider : WebhookProvider.values()) {
            String presented = headers.get(provider.header());
            if (presented == null || !(keys.containsKey(provider) || tokenDigests.containsKey(provider))) {
                continue;
            }
            Verdict verdict;
            if (provider == WebhookProvider.GITEE) {
                verdict = checkGitee(presented.trim(), headers.get(GITEE_TIMESTAMP));
            } else if (provider.prefix() == null) {
                verdict = checkToken(provider, presented);
            } else {
                verdict = checkSignature(provider, presented.trim(), body);
            }
            if (verdict.valid()) {
                return verdict;
            }
            if (first == Verdict.MISSING) {
                first = verdict;
            }
        }
        return first;
    }

    private Verdict checkToken(WebhookProvider provider, String presented) {
        byte[] digest = sha256(presented);
        boolean matched = false;
        for (byte[] expected : tokenDigests.get(provider)) {
            // No early exit: the time taken does not tell which secret matched.
            matched |= MessageDigest.isEqual(expected, digest);
        }
        return matched
                ? new Verdict(provider, null)
                : new Verdict(provider, provider.header() + " matches no configured " + provider.key() + " token");
    }

    /** Gitee: the password itself, or the signature of a recent timestamp under one of the secrets. */
    private Verdict checkGitee(String presented, String timestamp) {
        Verdict asPassword = checkToken(WebhookProvider.GITEE, presented);
        if (asPassword.valid() || timestamp == null) {
            return asPassword;
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return new Verdict(WebhookProvider.GITEE, GITEE_TIMESTAMP + " is not a time in milliseconds");
        }
        if (Math.abs(clock.millis() - signedAt) > GITEE_TIMESTAMP_TOLERANCE.toMillis()) {
            return new Verdict(
                    WebhookProvider.GITEE,
                    GITEE_TIMESTAMP + " is more than " + GITEE_TIMESTAMP_TOLERANCE.toHours()
                            + " hour from this server's clock (a replayed push, or a clock that is off)");
        }
        byte[] signature = presented.getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (String secret : giteeSecrets) {
            SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            String expected = Base64.getEncoder()
                    .encodeToString(hmac(key, (signedAt + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
            // Gitee documents the header URL-encoded; the hooks it sends carry plain Base64. Either is accepted.
            matched |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature)
                    | MessageDigest.isEqual(
                            URLEncoder.encode(expected, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII),
                            signature);
        }
        return matched
                ? new Verdict(WebhookProvider.GITEE, null)
                : new Verdict(
                        WebhookProvider.GITEE,
                        WebhookProvider.GITEE.header() + " is neither a configured gitee secret nor its signature of "
                                + GITEE_TIMESTAMP);
    }

    private Verdict checkSignature(WebhookProvider provider, String presented, byte[] body) {
        String prefix = provider.prefix();
        byte[] signature = null;
        if (presented.regionMatches(true, 0, prefix, 0, prefix.length())) {
            String hex = presented.substring(prefix.length());
            if (hex.length() == 2 * SHA256_BYTES) {
                try {
                    signature = HEX.parseHex(hex);
                } catch (IllegalArgumentException e) {
                    signature = null;
                }
            }
        }
        if (signature == null) {
            return new Verdict(
                    provider,
                    provider.header() + " is malformed: expected " + (prefix.isEmpty() ? "" : "'" + prefix + "' and ")
                            + (2 * SHA256_BYTES) + " hex digits (HMAC-SHA256 of the body)");
        }
        boolean matched = false;
        for (SecretKeySpec key : keys.get(provider)) {
            matched |= MessageDigest.isEqual(hmac(key, body), signature);
        }
        return matched
                ? new Verdict(provider, null)
                : new Verdict(
                        provider,
                        provider.header() + " does not match the body under any configured " + provider.key()
                                + " secret");
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] sha256(String text) {
        return Sha256.newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What a check found.
     *
     * @param provider the provider whose header was judged, or {@code null} when the request carries none of a
     *     configured provider
     * @param problem why it is refused (naming the header, never the secret), or {@code null} when valid
     */
    public record Verdict(WebhookProvider provider, String problem) {
        /** The request carries no header of a configured provider. */
        public static final Verdict MISSING = new Verdict(null, "no webhook signature");

        /** Whether the push is proven to come from the provider. */
        public boolean valid() {
            return provider != null && problem == null;
        }

        /** Whether the request carried a signature or token of a configured provider (valid or not). */
        public boolean presented() {
            return provider != null;
        }
    }
}

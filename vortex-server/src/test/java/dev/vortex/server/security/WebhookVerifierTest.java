package dev.vortex.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link WebhookVerifier} over each provider's header, with signatures computed here the way each Git host
 * documents them (HMAC-SHA256 of the body under the secret, hex).
 */
public class WebhookVerifierTest {
    static final String GITHUB_SECRET = "github-secret-0123456789";
    static final String ROTATED_SECRET = "github-secret-rotated-0123";
    static final String GITLAB_TOKEN = "gitlab-token-0123456789";
    static final String GITEA_SECRET = "gitea-secret-0123456789";
    static final String GOGS_SECRET = "gogs-secret-0123456789";
    static final String BITBUCKET_SECRET = "bitbucket-secret-0123456789";
    private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookVerifier verifier = new WebhookVerifier(new WebhookSecrets(Map.of(
            WebhookProvider.GITHUB, List.of(GITHUB_SECRET, ROTATED_SECRET),
            WebhookProvider.GITLAB, List.of(GITLAB_TOKEN),
            WebhookProvider.GITEA, List.of(GITEA_SECRET),
            WebhookProvider.GOGS, List.of(GOGS_SECRET),
            WebhookProvider.BITBUCKET, List.of(BITBUCKET_SECRET))));

    /** The hex HMAC-SHA256 of {@code body} under {@code secret}, as {@code openssl dgst -sha256 -hmac} prints it. */
    public static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachProvidersHeader_withTheRightProof_isValid() {
        assertThat(verify("X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, BODY)))
                .isEqualTo(new WebhookVerifier.Verdict(WebhookProvider.GITHUB, null));
        assertThat(verify("X-Gitlab-Token", GITLAB_TOKEN).provider()).isEqualTo(WebhookProvider.GITLAB);
        assertThat(verify("X-Gitea-Signature", hmac(GITEA_SECRET, BODY)).valid())
                .isTrue();
        assertThat(verify("X-Gogs-Signature", hmac(GOGS_SECRET, BODY)).valid()).isTrue();
        assertThat(verify("X-Hub-Signature", "sha256=" + hmac(BITBUCKET_SECRET, BODY))
                        .valid())
                .isTrue();
    }

    @Test
    void anyOfSeveralSecrets_signs_soThatOneCanBeRotated() {
        assertThat(verify("X-Hub-Signature-256", "sha256=" + hmac(ROTATED_SECRET, BODY))
                        .valid())
                .isTrue();
    }

    @Test
    void upperCaseHex_isTheSameSignature() {
        assertThat(verify("X-Gitea-Signature", hmac(GITEA_SECRET, BODY).toUpperCase())
                        .valid())
                .isTrue();
    }

    @Test
    void wrongSecret_otherBody_wrongToken_areRefused_namingTheHeaderNeverTheSecret() {
        WebhookVerifier.Verdict wrongSecret =
                verify("X-Hub-Signature-256", "sha256=" + hmac("some-other-secret-0123", BODY));
        assertThat(wrongSecret.valid()).isFalse();
        assertThat(wrongSecret.presented()).isTrue();
        assertThat(wrongSecret.problem())
                .isEqualTo("X-Hub-Signature-256 does not match the body under any configured github secret");

        String otherBody = "sha256=" + hmac(GITHUB_SECRET, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(verify("X-Hub-Signature-256", otherBody).valid()).isFalse();

        WebhookVerifier.Verdict wrongToken = verify("X-Gitlab-Token", GITLAB_TOKEN + "x");
        assertThat(wrongToken.problem()).isEqualTo("X-Gitlab-Token matches no configured gitlab token");

        // A provider's secret does not sign for another provider's header.
        assertThat(verify("X-Gogs-Signature", hmac(GITEA_SECRET, BODY)).valid()).isFalse();
    }

    @Test
    void malformedSignatures_areRefused_sayingWhatWasExpected() {
        assertThat(verify("X-Hub-Signature-256", hmac(GITHUB_SECRET, BODY)).problem())
                .isEqualTo("X-Hub-Signature-256 is malformed: expected 'sha256=' and 64 hex digits"
                        + " (HMAC-SHA256 of the body)");
        assertThat(verify("X-Hub-Signature", "sha1=" + hmac(BITBUCKET_SECRET, BODY))
                        .valid())
                .isFalse();
        assertThat(verify("X-Gitea-Signature", "zz" + hmac(GITEA_SECRET, BODY).substring(2))
                        .problem())
                .startsWith("X-Gitea-Signature is malformed");
        assertThat(verify("X-Gitea-Signature", "").problem()).startsWith("X-Gitea-Signature is malformed");
    }

    @Test
    void noHeaderOfAConfiguredProvider_isMissing() {
        assertThat(verify("X-GitHub-Event", "push")).isEqualTo(WebhookVerifier.Verdict.MISSING);
        WebhookVerifier githubOnly =
                new WebhookVerifier(new WebhookSecrets(Map.of(WebhookProvider.GITHUB, List.of(GITHUB_SECRET))));
        // Gitea's own header is not judged when no Gitea secret is configured.
        assertThat(githubOnly.verify(
                        MultiMap.caseInsensitiveMultiMap().add("X-Gitea-Signature", hmac(GITEA_SECRET, BODY)), BODY))
                .isEqualTo(WebhookVerifier.Verdict.MISSING);
        assertThat(githubOnly.headers()).containsExactly("X-Hub-Signature-256");
    }

    @Test
    void oneValidHeader_amongSeveral_suffices() {
        // Gitea sends its own signature and GitHub's; only the GitHub secret is right here.
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("X-Gitea-Signature", hmac("not-the-gitea-secret-0", BODY))
                .add("X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, BODY));
        assertThat(verifier.verify(headers, BODY).valid()).isTrue();
    }

    @Test
    void shortSecrets_areRefused_namingThePositionNotTheSecret() {
        assertThatThrownBy(() -> new WebhookSecrets(Map.of(WebhookProvider.GITLAB, List.of(GITLAB_TOKEN, "tiny"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("security.webhooks.gitlab[1] must have at least 16 characters");
        assertThat(new WebhookSecrets(Map.of(WebhookProvider.GITLAB, List.of(GITLAB_TOKEN))).toString())
                .isEqualTo("WebhookSecrets{gitlab=1}");
    }

    static final String GITEE_SECRET = "gitee-secret-0123456789";
    private static final java.time.Instant GITEE_NOW = java.time.Instant.parse("2026-11-30T12:00:00Z");

    /** A verifier of Gitee's secret whose clock reads {@link #GITEE_NOW}. */
    private final WebhookVerifier gitee = new WebhookVerifier(
            new WebhookSecrets(Map.of(WebhookProvider.GITEE, List.of(GITEE_SECRET))),
            java.time.Clock.fixed(GITEE_NOW, java.time.ZoneOffset.UTC));

    /**
     * Gitee's signature as its documentation computes it: Base64 of the HMAC-SHA256 of {@code timestamp + "\n" +
     * secret} under the secret.
     */
    public static String giteeSignature(String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.Base64.getEncoder()
                    .encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void gitee_itsPassword_orItsSignatureOfARecentTimestamp_isValid() {
        long signedAt = GITEE_NOW.toEpochMilli() - 30_000;

        assertThat(gitee.verify(giteeHeaders(GITEE_SECRET, signedAt), BODY))
                .as("password mode")
                .isEqualTo(new WebhookVerifier.Verdict(WebhookProvider.GITEE, null));
        assertThat(gitee.verify(giteeHeaders(giteeSignature(GITEE_SECRET, signedAt), signedAt), BODY)
                        .valid())
                .as("signing-key mode")
                .isTrue();
        assertThat(gitee.verify(
                                giteeHeaders(
                                        java.net.URLEncoder.encode(
                                                giteeSignature(GITEE_SECRET, signedAt), StandardCharsets.UTF_8),
                                        signedAt),
                                BODY)
                        .valid())
                .as("URL-encoded, as Gitee's documentation writes it")
                .isTrue();
        assertThat(gitee.headers()).containsExactly("X-Gitee-Token");
    }

    @Test
    void gitee_aSignatureOfAnotherSecret_anOldTimestamp_orAWrongPassword_isRefused() {
        long signedAt = GITEE_NOW.toEpochMilli();
        long twoHoursAgo = signedAt - 7_200_000;

        assertThat(gitee.verify(giteeHeaders(giteeSignature("another-secret-0123456", signedAt), signedAt), BODY)
                        .problem())
                .isEqualTo("X-Gitee-Token is neither a configured gitee secret nor its signature of X-Gitee-Timestamp");
        assertThat(gitee.verify(giteeHeaders(giteeSignature(GITEE_SECRET, twoHoursAgo), twoHoursAgo), BODY)
                        .problem())
                .as("a replay, two hours later")
                .startsWith("X-Gitee-Timestamp is more than 1 hour from this server's clock");
        assertThat(gitee.verify(giteeHeaders(giteeSignature(GITEE_SECRET, signedAt), signedAt + 1), BODY)
                        .valid())
                .as("the signature of another time")
                .isFalse();
        assertThat(gitee.verify(
                                MultiMap.caseInsensitiveMultiMap()
                                        .add("X-Gitee-Token", giteeSignature(GITEE_SECRET, signedAt))
                                        .add("X-Gitee-Timestamp", "yesterday"),
                                BODY)
                        .problem())
                .isEqualTo("X-Gitee-Timestamp is not a time in milliseconds");
        assertThat(gitee.verify(MultiMap.caseInsensitiveMultiMap().add("X-Gitee-Token", GITEE_SECRET + "x"), BODY)
                        .problem())
                .isEqualTo("X-Gitee-Token matches no configured gitee token");
    }

    private static MultiMap giteeHeaders(String token, long timestamp) {
        return MultiMap.caseInsensitiveMultiMap()
                .add("X-Gitee-Event", "Push Hook")
                .add("X-Gitee-Token", token)
                .add("X-Gitee-Timestamp", Long.toString(timestamp));
    }

    private WebhookVerifier.Verdict verify(String header, String value) {
        return verifier.verify(MultiMap.caseInsensitiveMultiMap().add(header, value), BODY);
    }
}

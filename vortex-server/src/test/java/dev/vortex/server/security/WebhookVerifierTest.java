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

    private WebhookVerifier.Verdict verify(String header, String value) {
        return verifier.verify(MultiMap.caseInsensitiveMultiMap().add(header, value), BODY);
    }
}

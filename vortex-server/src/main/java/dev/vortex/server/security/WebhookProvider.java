package dev.vortex.server.security;

import java.util.Locale;

/**
 * A Git host whose push webhooks {@code POST /monitor} can verify, with the header it proves itself in. Each
 * signs the exact bytes of the body with HMAC-SHA256 under the webhook's secret (hex, with or without a
 * {@code sha256=} prefix), except GitLab, which sends the secret itself as a token, and Gitee, which sends either
 * its webhook password or a signature of a timestamp (see {@link WebhookVerifier}).
 */
public enum WebhookProvider {
    /** GitHub (and GitHub Enterprise); Gitea and Gogs send this header too. */
    GITHUB("X-Hub-Signature-256", "sha256="),
    /** GitLab: the secret token, in clear (so only over TLS). */
    GITLAB("X-Gitlab-Token", null),
    /** Gitea (and Forgejo). */
    GITEA("X-Gitea-Signature", ""),
    /** Gogs. */
    GOGS("X-Gogs-Signature", ""),
    /** Bitbucket Cloud (webhook secrets) and Bitbucket Server / Data Center. */
    BITBUCKET("X-Hub-Signature", "sha256="),
    /**
     * Gitee: its webhook password in clear, or, with a signing key, the Base64 HMAC-SHA256 of {@code
     * X-Gitee-Timestamp + "\n" + key} under the key (which covers the time, not the body).
     */
    GITEE("X-Gitee-Token", null);

    private final String header;
    private final String prefix;

    WebhookProvider(String header, String prefix) {
        this.header = header;
        this.prefix = prefix;
    }

    /** The request header that carries the proof. */
    public String header() {
        return header;
    }

    /** What precedes the hex HMAC in {@link #header()}, or {@code null} when the header holds a token. */
    String prefix() {
        return prefix;
    }

    /** The provider's name in the settings file: {@code github}, {@code gitlab}... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

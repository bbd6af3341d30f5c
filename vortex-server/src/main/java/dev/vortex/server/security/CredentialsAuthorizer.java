package dev.vortex.server.security;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConnectionAuthorizer} of the configured schemes (API keys, HTTP Basic, JWT). Without any scheme
 * configured every request is {@link Principal#ANONYMOUS}, who may read everything; with one, every request
 * must present valid credentials.
 *
 * <p>A failed attempt is logged once (with the user or token subject when there is one, never the secret) and
 * counted in {@code vortex.auth.failures}, tagged by scheme.
 */
public final class CredentialsAuthorizer implements ConnectionAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsAuthorizer.class);

    private final Vertx vertx;
    private final SecuritySettings settings;
    private final ApiKeyRealm apiKeys;
    private final PasswordRealm passwords;
    private final JwtRealm jwt;
    private final MeterRegistry registry;
    private final List<String> challenges = new ArrayList<>();

    /**
     * @param vertx where bcrypt checks run (on worker threads)
     * @param settings the schemes and principals
     * @param clock the clock tokens are judged by
     * @param registry where failures are counted
     * @throws IllegalArgumentException when a key file cannot be read
     */
    public CredentialsAuthorizer(Vertx vertx, SecuritySettings settings, Clock clock, MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.apiKeys = new ApiKeyRealm(settings.apiKeys());
        this.passwords = new PasswordRealm(settings.users());
        this.jwt = settings.jwt() == null ? null : new JwtRealm(settings.jwt(), clock);
        this.registry = registry;
        if (passwords.configured()) {
            challenges.add("Basic realm=\"vortex\", charset=\"UTF-8\"");
        }
        if (jwt != null) {
            challenges.add("Bearer realm=\"vortex\"");
        }
        if (apiKeys.configured()) {
            challenges.add("ApiKey realm=\"vortex\"");
        }
    }

    /** The settings this authorizer enforces. */
    public SecuritySettings settings() {
        return settings;
    }

    /** The {@code WWW-Authenticate} challenges of a 401: one per configured scheme. */
    public List<String> challenges() {
        return List.copyOf(challenges);
    }

    @Override
    public Future<Principal> authenticate(HttpServerRequest request) {
        if (!settings.enabled()) {
            return Future.succeededFuture(Principal.ANONYMOUS);
        }
        PresentedCredentials credentials;
        try {
            credentials = PresentedCredentials.of(request);
        } catch (AuthenticationException e) {
            return refused("malformed", null, e);
        }
        if (credentials == null) {
            return Future.failedFuture(AuthenticationException.missing("credentials required"));
        }
        try {
            switch (credentials.scheme()) {
                case API_KEY:
                    return Future.succeededFuture(apiKey(credentials.secret()));
                case BEARER:
                    return Future.succeededFuture(bearer(credentials.secret()));
                case TOKEN:
                    return Future.succeededFuture(token(credentials.secret()));
                default:
                    return basic(credentials.name(), credentials.secret());
            }
        } catch (AuthenticationException e) {
            String name =
                    credentials.name() != null ? credentials.name() : JwtRealm.claimedSubject(credentials.secret());
            return refused(credentials.scheme().name().toLowerCase(java.util.Locale.ROOT), name, e);
        }
    }

    @Override
    public boolean usesCredentials() {
        return settings.enabled();
    }

    @Override
    public Future<Principal> authenticateToken(String token) {
        if (!settings.enabled()) {
            return ConnectionAuthorizer.super.authenticateToken(token);
        }
        try {
            return Future.succeededFuture(token(token));
        } catch (AuthenticationException e) {
            return refused("auth_message", JwtRealm.claimedSubject(token), e);
        }
    }

    /** A {@code ?token=} or {@code auth} token: a JWT when it looks like one and JWTs are accepted, else a key. */
    private Principal token(String token) {
        return looksLikeJwt(token) && jwt != null ? bearer(token) : apiKey(token);
    }

    private Principal apiKey(String key) {
        if (!apiKeys.configured()) {
            throw new AuthenticationException("API keys are not accepted by this server");
        }
        return apiKeys.authenticate(key);
    }

    private Principal bearer(String token) {
        if (jwt == null) {
            throw new AuthenticationException("bearer tokens are not accepted by this server");
        }
        return jwt.authenticate(token);
    }

    private Future<Principal> basic(String name, String password) {
        if (!passwords.configured()) {
            return refused(
                    "basic", name, new AuthenticationException("Basic credentials are not accepted by this server"));
        }
        Principal cached = passwords.cached(name, password);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        // bcrypt takes tens of milliseconds by design: never on an event loop.
        return vertx.<Principal>executeBlocking(() -> passwords.authenticate(name, password), false)
                .recover(failure -> failure instanceof AuthenticationException refusal
                        ? refused("basic", name, refusal)
                        : Future.failedFuture(failure));
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    private Future<Principal> refused(String scheme, String name, AuthenticationException failure) {
        recordFailure(scheme, name, failure.getMessage());
        return Future.failedFuture(failure);
    }

    /**
     * Logs a failed attempt once and counts it in {@code vortex.auth.failures}: for checks made outside this
     * class (a webhook signature).
     *
     * @param scheme how the credentials came ({@code webhook}...), the metric's tag
     * @param name who claimed to be there, or {@code null}; never a secret
     * @param reason what was wrong; never a secret
     */
    public void recordFailure(String scheme, String name, String reason) {
        registry.counter("vortex.auth.failures", "scheme", scheme).increment();
        LOG.warn("authentication failed: scheme={} principal={} reason={}", scheme, name == null ? "-" : name, reason);
    }

    @Override
    public boolean mayRead(Principal principal, ConfigKey key) {
        return principal.grants().mayRead(key);
    }

    @Override
    public boolean mayRead(Principal principal, KeyPattern pattern) {
        return principal.grants().mayUse(pattern);
    }
}

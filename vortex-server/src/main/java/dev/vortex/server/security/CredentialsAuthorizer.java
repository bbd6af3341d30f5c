package dev.vortex.server.security;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConnectionAuthorizer} of the configured schemes (API keys, HTTP Basic, JWT). Without any scheme
 * configured every request is {@link Principal#ANONYMOUS}, who may read everything; with one, every request
 * must present valid credentials.
 *
 * <p>A failed attempt is logged once (with the client's address, behind trusted proxies the one they name, and the
 * user or token subject when there is one, never the secret) and counted in {@code vortex.auth.failures}, tagged
 * by scheme. The failure delay ({@link #failedFrom}) counts the
 * failures of each client address for HTTP requests and {@code auth} messages alike, so that switching between
 * the two gains a guesser nothing.
 *
 * <p>Reloading: {@link #reload} swaps in the realms of new settings as a whole (one volatile write), so that a
 * request sees either the old settings or the new ones, never a mix. The new realms start with empty caches:
 * no Basic check or token verified under the old settings is remembered. Each set of realms has a generation;
 * a principal's {@link Credential} remembers the one it was made under, so that {@link #isCurrent} tells
 * cheaply whether it must be {@linkplain #reauthenticate checked again}.
 *
 * <p>With a JWK set URL, a token not verified before is verified on a worker thread (a verification may fetch
 * the set); the set is fetched once at start, in the background, and the URL's keys are kept across reloads
 * that leave the URL as it was.
 */
public final class CredentialsAuthorizer implements ConnectionAuthorizer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsAuthorizer.class);

    private final Vertx vertx;
    private final Clock clock;
    private final MeterRegistry registry;
    private final TrustedProxies trustedProxies;
    private final Counter delayed;
    private volatile Realms realms;

    /** The realms of one generation of settings, swapped as a whole. */
    private record Realms(
            long generation,
            SecuritySettings settings,
            ApiKeyRealm apiKeys,
            PasswordRealm passwords,
            JwtRealm jwt,
            List<String> challenges,
            OriginPolicy origins,
            FailureDelay failureDelay) {}

    /**
     * An authorizer for clients that connect directly (no trusted proxies).
     *
     * @see #CredentialsAuthorizer(Vertx, SecuritySettings, Clock, MeterRegistry, TrustedProxies)
     */
    public CredentialsAuthorizer(Vertx vertx, SecuritySettings settings, Clock clock, MeterRegistry registry) {
        this(vertx, settings, clock, registry, TrustedProxies.NONE);
    }

    /**
     * @param vertx where bcrypt checks and JWK set fetches run (on worker threads)
     * @param settings the schemes and principals
     * @param clock the clock tokens are judged by
     * @param registry where failures are counted
     * @param trustedProxies the proxies whose forwarding header names the client a failed request is logged with
     * @throws IllegalArgumentException when a key file cannot be read
     */
    public CredentialsAuthorizer(
            Vertx vertx,
            SecuritySettings settings,
            Clock clock,
            MeterRegistry registry,
            TrustedProxies trustedProxies) {
        this.vertx = vertx;
        this.clock = clock;
        this.registry = registry;
        this.trustedProxies = trustedProxies;
        this.delayed = Counter.builder("vortex.auth.failures.delayed")
                .description("Answers to failed authentication attempts held back because their address failed often")
                .register(registry);
        this.realms = realms(settings, 1, null);
        prefetch(realms.jwt());
    }

    /**
     * Enforces {@code settings} from now on: requests and {@code auth} messages are judged by them as soon as
     * this returns, and open connections by {@link #reauthenticate}. Blocking (reads key files): call it on a
     * worker thread. Reloads do not overlap.
     *
     * @return what changed
     * @throws IllegalArgumentException when a key file cannot be read; the settings in force stay
     */
    public synchronized SecuritySettingsChange reload(SecuritySettings settings) {
        Realms old = realms;
        Realms fresh = realms(settings, old.generation() + 1, old);
        realms = fresh;
        RemoteJwkSet oldRemote = old.jwt() == null ? null : old.jwt().remote();
        RemoteJwkSet freshRemote = fresh.jwt() == null ? null : fresh.jwt().remote();
        if (oldRemote != null && oldRemote != freshRemote) {
            oldRemote.close();
        }
        if (freshRemote != null && freshRemote != oldRemote) {
            prefetch(fresh.jwt());
        }
        return SecuritySettingsChange.between(old.settings(), settings);
    }

    private Realms realms(SecuritySettings settings, long generation, Realms previous) {
        ApiKeyRealm apiKeys = new ApiKeyRealm(settings.apiKeys(), generation);
        PasswordRealm passwords = new PasswordRealm(settings.users(), generation);
        JwtRealm jwt = null;
        if (settings.jwt() != null) {
            java.net.URI url = settings.jwt().jwksUrl();
            RemoteJwkSet kept = previous == null || previous.jwt() == null
                    ? null
                    : previous.jwt().remote();
            RemoteJwkSet remote = null;
            if (url != null) {
                // The same URL keeps its fetched keys: a reload for an unrelated change costs the issuer nothing.
                remote = kept != null && kept.url().equals(url) ? kept : new RemoteJwkSet(url, clock);
            }
            try {
                jwt = new JwtRealm(settings.jwt(), clock, generation, remote);
            } catch (IllegalArgumentException e) {
                if (remote != null && remote != kept) {
                    remote.close();
                }
                throw e;
            }
        }
        List<String> challenges = new ArrayList<>();
        if (passwords.configured()) {
            challenges.add("Basic realm=\"vortex\", charset=\"UTF-8\"");
        }
        if (jwt != null) {
            challenges.add("Bearer realm=\"vortex\"");
        }
        if (apiKeys.configured()) {
            challenges.add("ApiKey realm=\"vortex\"");
        }
        // The counts of each address survive a reload that leaves security.failure-delay as it was.
        FailureDelay failureDelay =
                previous != null && previous.settings().failureDelay().equals(settings.failureDelay())
                        ? previous.failureDelay()
                        : new FailureDelay(settings.failureDelay(), clock);
        return new Realms(
                generation,
                settings,
                apiKeys,
                passwords,
                jwt,
                List.copyOf(challenges),
                OriginPolicy.of(settings),
                failureDelay);
    }

    /** Fetches the keys of a JWK set URL in the background; a failure is told once, and tokens wait (401). */
    private void prefetch(JwtRealm jwt) {
        if (jwt == null || jwt.remote() == null) {
            return;
        }
        RemoteJwkSet remote = jwt.remote();
        vertx.<Void>executeBlocking(
                        () -> {
                            remote.prefetch();
                            return null;
                        },
                        false)
                .onFailure(failure -> LOG.warn(
                        "security.jwt.jwks-url {} cannot be fetched yet ({}): bearer tokens are refused (401) until"
                                + " its keys are fetched, which a token retries (at most twice every {} s)",
                        remote.url(),
                        failure.getMessage(),
                        RemoteJwkSet.RATE_LIMIT.toSeconds()));
    }

    /** The settings this authorizer enforces now. */
    public SecuritySettings settings() {
        return realms.settings();
    }

    /** The {@code Origin} policy of the settings in force. */
    public OriginPolicy originPolicy() {
        return realms.origins();
    }

    /** The state of the JWK set URL's keys; empty when the settings name no URL. */
    public java.util.Optional<JwkSetHealth> jwkSetHealth() {
        JwtRealm jwt = realms.jwt();
        return jwt == null || jwt.remote() == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(jwt.remote().health());
    }

    /** The {@code WWW-Authenticate} challenges of a 401: one per configured scheme. */
    public List<String> challenges() {
        return realms.challenges();
    }

    @Override
    public Future<Principal> authenticate(HttpServerRequest request) {
        Realms current = realms;
        if (!current.settings().enabled()) {
            return Future.succeededFuture(Principal.ANONYMOUS);
        }
        PresentedCredentials credentials;
        try {
            credentials = PresentedCredentials.of(request);
        } catch (AuthenticationException e) {
            return refused("malformed", null, trustedProxies.clientAddress(request), e);
        }
        if (credentials == null) {
            return Future.failedFuture(AuthenticationException.missing("credentials required"));
        }
        Future<Principal> principal;
        try {
            principal = switch (credentials.scheme()) {
                case API_KEY -> Future.succeededFuture(apiKey(current, credentials.secret()));
                case BEARER -> bearer(current, credentials.secret());
                case TOKEN -> token(current, credentials.secret());
                default -> basic(current, credentials.name(), credentials.secret());
            };
        } catch (AuthenticationException e) {
            principal = Future.failedFuture(e);
        }
        if (principal.succeeded()) {
            // The common case (a key, a cached password or token): no further future per request.
            return principal;
        }
        return principal.recover(failure -> {
            if (!(failure instanceof AuthenticationException refusal)) {
                return Future.failedFuture(failure);
            }
            String name =
                    credentials.name() != null ? credentials.name() : JwtRealm.claimedSubject(credentials.secret());
            return refused(
                    credentials.scheme().name().toLowerCase(Locale.ROOT),
                    name,
                    trustedProxies.clientAddress(request),
                    refusal);
        });
    }

    @Override
    public boolean usesCredentials() {
        return realms.settings().enabled();
    }

    @Override
    public Future<Principal> authenticateToken(String token, String clientAddress) {
        Realms current = realms;
        if (!current.settings().enabled()) {
            return ConnectionAuthorizer.super.authenticateToken(token, clientAddress);
        }
        Future<Principal> principal;
        try {
            principal = token(current, token);
        } catch (AuthenticationException e) {
            principal = Future.failedFuture(e);
        }
        return principal.recover(failure -> failure instanceof AuthenticationException refusal
                ? refused("auth_message", JwtRealm.claimedSubject(token), clientAddress, refusal)
                : Future.failedFuture(failure));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Held answers are counted in {@code vortex.auth.failures.delayed}.
     */
    @Override
    public Duration failedFrom(String address) {
        Duration hold = realms.failureDelay().failed(address);
        if (!hold.isZero()) {
            delayed.increment();
        }
        return hold;
    }

    @Override
    public boolean isCurrent(Principal principal) {
        Realms current = realms;
        Credential credential = principal.credential();
        return credential == null ? !current.settings().enabled() : credential.generation() == current.generation();
    }

    @Override
    public Future<Principal> reauthenticate(Principal principal) {
        Realms current = realms;
        if (!current.settings().enabled()) {
            return Future.succeededFuture(Principal.ANONYMOUS);
        }
        Credential credential = principal.credential();
        if (credential == null) {
            return Future.failedFuture(new AuthenticationException("credentials are required now"));
        }
        if (credential.generation() == current.generation()) {
            return Future.succeededFuture(principal);
        }
        try {
            return switch (credential.scheme()) {
                case API_KEY -> Future.succeededFuture(reauthenticateApiKey(current, principal, credential));
                case BASIC ->
                    Future.succeededFuture(current.passwords().recheck(principal.name(), (String) credential.proof()));
                case BEARER -> bearer(current, (String) credential.proof());
            };
        } catch (AuthenticationException e) {
            return Future.failedFuture(e);
        }
    }

    private static Principal reauthenticateApiKey(Realms current, Principal principal, Credential credential) {
        try {
            return current.apiKeys().authenticateDigest((byte[]) credential.proof());
        } catch (AuthenticationException e) {
            throw new AuthenticationException("the API key of '" + principal.name() + "' was removed or changed");
        }
    }

    /** A {@code ?token=} or {@code auth} token: a JWT when it looks like one and JWTs are accepted, else a key. */
    private Future<Principal> token(Realms current, String token) {
        return looksLikeJwt(token) && current.jwt() != null
                ? bearer(current, token)
                : Future.succeededFuture(apiKey(current, token));
    }

    private static Principal apiKey(Realms current, String key) {
        if (!current.apiKeys().configured()) {
            throw new AuthenticationException("API keys are not accepted by this server");
        }
        return current.apiKeys().authenticate(key);
    }

    private Future<Principal> bearer(Realms current, String token) {
        JwtRealm jwt = current.jwt();
        if (jwt == null) {
            throw new AuthenticationException("bearer tokens are not accepted by this server");
        }
        Principal known = jwt.cached(token);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        if (!jwt.blocking()) {
            return Future.succeededFuture(jwt.authenticate(token));
        }
        // The check may fetch the issuer's keys: never on an event loop.
        return vertx.executeBlocking(() -> jwt.authenticate(token), false);
    }

    private Future<Principal> basic(Realms current, String name, String password) {
        PasswordRealm passwords = current.passwords();
        if (!passwords.configured()) {
            throw new AuthenticationException("Basic credentials are not accepted by this server");
        }
        Principal cached = passwords.cached(name, password);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        // bcrypt takes tens of milliseconds by design: never on an event loop.
        return vertx.executeBlocking(() -> passwords.authenticate(name, password), false);
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    private Future<Principal> refused(
            String scheme, String name, String clientAddress, AuthenticationException failure) {
        recordFailure(scheme, name, failure.getMessage(), clientAddress);
        return Future.failedFuture(failure);
    }

    /**
     * Logs a failed attempt once and counts it in {@code vortex.auth.failures}: for checks made outside this
     * class (a webhook signature).
     *
     * @param scheme how the credentials came ({@code webhook}...), the metric's tag
     * @param name who claimed to be there, or {@code null}; never a secret
     * @param reason what was wrong; never a secret
     * @param clientAddress the client's IP address (behind trusted proxies, the one they name)
     */
    public void recordFailure(String scheme, String name, String reason, String clientAddress) {
        registry.counter("vortex.auth.failures", "scheme", scheme).increment();
        LOG.warn(
                "authentication failed: client={} scheme={} principal={} reason={}",
                clientAddress,
                scheme,
                name == null ? "-" : name,
                reason);
    }

    @Override
    public boolean mayRead(Principal principal, ConfigKey key) {
        return principal.grants().mayRead(key);
    }

    @Override
    public boolean mayRead(Principal principal, KeyPattern pattern) {
        return principal.grants().mayUse(pattern);
    }

    /** Stops the background refresh of a JWK set URL's keys. */
    @Override
    public void close() {
        JwtRealm jwt = realms.jwt();
        if (jwt != null && jwt.remote() != null) {
            jwt.remote().close();
        }
    }
}

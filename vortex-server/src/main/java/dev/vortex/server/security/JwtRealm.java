package dev.vortex.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bearer tokens: JWS verified with Nimbus JOSE+JWT against the configured HS256 secret, RSA/EC public keys and
 * JWK set, then {@code exp} (required), {@code nbf}, {@code iss} and {@code aud} within the clock skew, read
 * from the injected clock. The principal is {@code sub}, its grants the claims {@code vortex_read} (patterns)
 * and {@code vortex_rights}.
 *
 * <p>A verified token is remembered (bounded) until it expires, so that a client that sends the same token
 * with every request pays the signature check once. A realm is made per settings generation: a reload makes a
 * new one, so that nothing verified under the old keys is remembered.
 *
 * <p>With a JWK set URL ({@link RemoteJwkSet}) a verification may fetch keys: {@link #authenticate} is then
 * blocking ({@link #blocking()}), and callers on an event loop try {@link #cached} first and run the rest on
 * a worker thread.
 */
final class JwtRealm {
    /** The claim listing the key patterns the bearer may read. */
    static final String READ_CLAIM = "vortex_read";
    /** The claim listing the bearer's rights. */
    static final String RIGHTS_CLAIM = "vortex_rights";

    private final Clock clock;
    private final long skewMillis;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Cache<String, Principal> verified;
    private final long generation;
    private final RemoteJwkSet remote;

    /**
     * @param settings the keys and the claims required
     * @param clock the clock tokens are judged by
     * @param generation the settings generation the principals are made under
     * @param remote the keys of the settings' JWK set URL, or {@code null} when there is none
     * @throws IllegalArgumentException naming a key file that cannot be read or holds no usable key
     */
    JwtRealm(SecuritySettings.JwtSettings settings, Clock clock, long generation, RemoteJwkSet remote) {
        this.clock = clock;
        this.generation = generation;
        this.remote = remote;
        this.skewMillis = settings.clockSkew().toMillis();
        // Bounded, and each entry dropped when its token expires (as read from the injected clock when cached);
        // a hit is checked against the clock again, so a test's clock decides as the real one does.
        this.verified = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfter(Expiry.<String, Principal>creating((token, principal) -> Duration.ofMillis(
                        Math.max(0, Math.min(principal.expiresAtMillis() - clock.millis() + skewMillis, 86_400_000L)))))
                .build();
        List<JWK> keys = new ArrayList<>();
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        if (settings.hs256Secret() != null) {
            keys.add(new OctetSequenceKey.Builder(settings.hs256Secret().getBytes(StandardCharsets.UTF_8))
                    .algorithm(JWSAlgorithm.HS256)
                    .build());
            algorithms.add(JWSAlgorithm.HS256);
        }
        for (Path file : settings.publicKeys()) {
            keys.add(publicKey(file));
        }
        if (settings.jwksFile() != null) {
            try {
                keys.addAll(JWKSet.load(settings.jwksFile().toFile()).getKeys());
            } catch (IOException | ParseException e) {
                throw new IllegalArgumentException(
                        "security.jwt.jwks-file " + settings.jwksFile() + " is not a readable JWK set: "
                                + e.getMessage(),
                        e);
            }
        }
        for (JWK key : keys) {
            switch (key.getKeyType().getValue()) {
                case "RSA" -> algorithms.add(JWSAlgorithm.RS256);
                case "EC" -> algorithms.add(JWSAlgorithm.ES256);
                case "oct" -> algorithms.add(JWSAlgorithm.HS256);
                default -> throw new IllegalArgumentException("unsupported key type " + key.getKeyType());
            }
        }
        JWKSource<SecurityContext> source = new ImmutableJWKSet<>(new JWKSet(keys));
        if (remote != null) {
            // The issuer's set may hold either kind; the local keys are looked at first, without a fetch.
            algorithms.add(JWSAlgorithm.RS256);
            algorithms.add(JWSAlgorithm.ES256);
            JWKSource<SecurityContext> local = source;
            source = (selector, context) -> {
                List<JWK> found = local.get(selector, context);
                return found.isEmpty() ? remote.get(selector, context) : found;
            };
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, source));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(
                        settings.audience() == null ? null : new HashSet<>(List.of(settings.audience())),
                        settings.issuer() == null
                                ? new JWTClaimsSet.Builder().build()
                                : new JWTClaimsSet.Builder()
                                        .issuer(settings.issuer())
                                        .build(),
                        Set.of("exp"),
                        null) {
                    @Override
                    protected Date currentTime() {
                        return new Date(clock.millis());
                    }
                };
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Whether {@link #authenticate} may block (fetching the keys of a JWK set URL). */
    boolean blocking() {
        return remote != null;
    }

    /** The keys of the JWK set URL, or {@code null}. */
    RemoteJwkSet remote() {
        return remote;
    }

    /** The principal of a token verified before and still valid, or {@code null}. A few microseconds. */
    Principal cached(String token) {
        Principal known = verified.getIfPresent(token);
        return known != null && clock.millis() < known.expiresAtMillis() + skewMillis ? known : null;
    }

    /**
     * The principal of {@code token}. A few microseconds for a token seen before, a signature check otherwise
     * (and, with a JWK set URL, maybe a fetch: see {@link #blocking()}).
     *
     * @throws AuthenticationException naming what is wrong (malformed, signature, expired, not yet valid,
     *     issuer, audience, claims, keys that cannot be fetched)
     */
    Principal authenticate(String token) {
        Principal known = cached(token);
        if (known != null) {
            return known;
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new AuthenticationException("malformed bearer token: " + e.getMessage());
        } catch (RateLimitReachedException e) {
            throw new AuthenticationException("no key of security.jwt.jwks-url " + remote.url()
                    + " verifies the token, and the set may not be fetched again yet (twice every "
                    + RemoteJwkSet.RATE_LIMIT.toSeconds() + " s at most)");
        } catch (KeySourceException e) {
            throw new AuthenticationException(
                    "the keys of security.jwt.jwks-url " + remote.url() + " cannot be fetched: " + e.getMessage());
        } catch (BadJOSEException | JOSEException e) {
            throw new AuthenticationException("invalid bearer token: " + e.getMessage());
        }
        Principal principal = principal(claims, new Credential(Credential.Scheme.BEARER, token, generation));
        verified.put(token, principal);
        return principal;
    }

    /**
     * The {@code sub} a token claims, unverified: only for the log line of a refused attempt, so that an
     * operator sees who tried; {@code null} when the token is not a JWT (an API key, garbage).
     */
    static String claimedSubject(String token) {
        if (token == null || token.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        try {
            return com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getSubject();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static Principal principal(JWTClaimsSet claims, Credential credential) {
        String subject = claims.getSubject() == null ? "jwt" : claims.getSubject();
        try {
            List<String> read = claims.getStringListClaim(READ_CLAIM);
            List<String> rights = claims.getStringListClaim(RIGHTS_CLAIM);
            Grants grants = Grants.parse(read == null ? List.of() : read, rights == null ? List.of() : rights);
            return new Principal(subject, grants, claims.getExpirationTime().getTime(), credential);
        } catch (ParseException | IllegalArgumentException e) {
            throw new AuthenticationException("invalid bearer token claims: " + e.getMessage());
        }
    }

    private static JWK publicKey(Path file) {
        try {
            String pem = Files.readString(file);
            String base64 =
                    pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
            for (String algorithm : List.of("RSA", "EC")) {
                PublicKey key;
                try {
                    key = KeyFactory.getInstance(algorithm).generatePublic(spec);
                } catch (GeneralSecurityException wrongType) {
                    continue;
                }
                if (key instanceof RSAPublicKey rsa) {
                    return new RSAKey.Builder(rsa).build();
                }
                if (key instanceof ECPublicKey ec) {
                    return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "security.jwt.public-keys: cannot read " + file + " as a PEM public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(
                "security.jwt.public-keys: " + file + " holds neither an RSA nor an EC public key");
    }
}

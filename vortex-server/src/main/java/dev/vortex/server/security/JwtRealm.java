package dev.vortex.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
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
 * with every request pays the signature check once.
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

    /**
     * @throws IllegalArgumentException naming a key file that cannot be read or holds no usable key
     */
    JwtRealm(SecuritySettings.JwtSettings settings, Clock clock) {
        this.clock = clock;
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
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(new JWKSet(keys))));
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

    /**
     * The principal of {@code token}. A few microseconds for a token seen before, a signature check otherwise.
     *
     * @throws AuthenticationException naming what is wrong (malformed, signature, expired, not yet valid,
     *     issuer, audience, claims)
     */
    Principal authenticate(String token) {
        Principal known = verified.getIfPresent(token);
        if (known != null && clock.millis() < known.expiresAtMillis() + skewMillis) {
            return known;
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new AuthenticationException("malformed bearer token: " + e.getMessage());
        } catch (BadJOSEException | JOSEException e) {
            throw new AuthenticationException("invalid bearer token: " + e.getMessage());
        }
        Principal principal = principal(claims);
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

    private static Principal principal(JWTClaimsSet claims) {
        String subject = claims.getSubject() == null ? "jwt" : claims.getSubject();
        try {
            List<String> read = claims.getStringListClaim(READ_CLAIM);
            List<String> rights = claims.getStringListClaim(RIGHTS_CLAIM);
            Grants grants = Grants.parse(read == null ? List.of() : read, rights == null ? List.of() : rights);
            return new Principal(subject, grants, claims.getExpirationTime().getTime());
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

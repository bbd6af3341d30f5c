package dev.vortex.bench.jmh;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vortex.server.security.CredentialsAuthorizer;
import dev.vortex.server.security.Principal;
import dev.vortex.server.security.SecuritySettingsReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking a request's credentials costs the server, with the server's own {@link CredentialsAuthorizer}:
 * an API key (a constant-time comparison), and a bearer token seen before (verified tokens are cached until they
 * expire, so a client that sends the same token with every request pays the signature check once). Next to the
 * ~20-50 µs of server CPU a warm {@code GET} costs (BENCHMARKS.md), this is what auth adds per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuthCheckBenchmark {
    private static final String KEY = "b3nchb3nchb3nchb3nchb3nch0123456";
    private static final String SECRET = "0123456789abcdef0123456789abcdef-bench-secret";

    private Vertx vertx;
    private CredentialsAuthorizer authorizer;
    private String token;

    @Setup
    public void setUp() throws JOSEException {
        vertx = Vertx.vertx();
        authorizer = new CredentialsAuthorizer(
                vertx,
                SecuritySettingsReader.read(Map.of(
                        "security.api-keys[0].name",
                        "bench",
                        "security.api-keys[0].key",
                        KEY,
                        "security.api-keys[0].read[0]",
                        "*:*:*",
                        "security.jwt.hs256-secret",
                        SECRET)),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .subject("bench")
                        .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
                        .claim("vortex_read", List.of("*:*:*"))
                        .build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        token = jwt.serialize();
        if (!"bench".equals(bearer().name()) || !"bench".equals(apiKey().name())) {
            throw new IllegalStateException("the benchmark's credentials were refused");
        }
    }

    @TearDown
    public void tearDown() {
        vertx.close();
    }

    /** {@code X-API-Key} (or {@code ?token=} with a key): the key looked up and compared in constant time. */
    @Benchmark
    public Principal apiKey() {
        return authorizer.authenticateToken(KEY, "127.0.0.1").result();
    }

    /** {@code Authorization: Bearer} with a token verified before: a cache hit and the expiry check. */
    @Benchmark
    public Principal bearer() {
        return authorizer.authenticateToken(token, "127.0.0.1").result();
    }
}

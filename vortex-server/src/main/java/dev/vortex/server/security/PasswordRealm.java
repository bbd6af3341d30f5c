package dev.vortex.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The HTTP Basic users, whose passwords are stored only as bcrypt hashes. A bcrypt check costs tens of
 * milliseconds by design, so {@link #authenticate} is blocking (callers run it on a worker thread) and a
 * successful check is remembered for a while under the SHA-256 of the user and password, so that a client
 * sending the same credentials with every request pays it once.
 */
final class PasswordRealm {
    /**
     * Compared against for unknown users, so that a wrong name costs as much time as a wrong password: the
     * bcrypt hash (cost 10, the usual cost of {@code vortex hash-password}) of "not a password". A literal, made
     * once with {@code BCrypt.hashpw}: computing it when the class loads took ~0.1-0.2 s of every server start,
     * with or without users.
     */
    static final String DUMMY_HASH = "$2a$10$WYD/xBs5jhbpH5ArHPT4Ke6GMCgMQ8CDP1cqbhJnkwfkNZsX4eDzm";

    private final Map<String, SecuritySettings.User> users;
    private final Cache<String, Principal> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    private final long generation;

    /**
     * @param users the configured users
     * @param generation the settings generation their principals are made under
     */
    PasswordRealm(java.util.List<SecuritySettings.User> users, long generation) {
        this.generation = generation;
        this.users =
                users.stream().collect(Collectors.toUnmodifiableMap(SecuritySettings.User::name, Function.identity()));
    }

    /** Whether any user is configured. */
    boolean configured() {
        return !users.isEmpty();
    }

    /** The principal of a check that succeeded recently, or {@code null}. Cheap; any thread. */
    Principal cached(String name, String password) {
        return verified.getIfPresent(cacheKey(name, password));
    }

    /**
     * Checks the password. Blocking (bcrypt).
     *
     * @throws AuthenticationException for an unknown user or a wrong password (the same message for both)
     */
    Principal authenticate(String name, String password) {
        SecuritySettings.User user = users.get(name);
        boolean matches = BCrypt.checkpw(password, user == null ? DUMMY_HASH : user.passwordHash());
        if (user == null || !matches) {
            throw new AuthenticationException("wrong user name or password");
        }
        Principal principal = principal(user);
        verified.put(cacheKey(name, password), principal);
        return principal;
    }

    /**
     * The principal of user {@code name} when its password hash is still {@code passwordHash}: how an open
     * connection's user is checked again after a reload, without the password (cheap, no bcrypt).
     *
     * @throws AuthenticationException when the user was removed or its password changed
     */
    Principal recheck(String name, String passwordHash) {
        SecuritySettings.User user = users.get(name);
        if (user == null || !user.passwordHash().equals(passwordHash)) {
            throw new AuthenticationException("user '" + name + "' was removed or its password changed");
        }
        return principal(user);
    }

    private Principal principal(SecuritySettings.User user) {
        return new Principal(
                user.name(),
                user.grants(),
                Long.MAX_VALUE,
                new Credential(Credential.Scheme.BASIC, user.passwordHash(), generation));
    }

    private static String cacheKey(String name, String password) {
        return HexFormat.of().formatHex(ApiKeyRealm.digest(name + '\0' + password));
    }
}

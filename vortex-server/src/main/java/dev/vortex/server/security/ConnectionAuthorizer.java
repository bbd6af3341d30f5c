package dev.vortex.server.security;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * The one seam where real-time security plugs in: the principal of each connection is established at the
 * upgrade, and checked on connect and on every {@code subscribe}. The broadcaster and the sessions never see
 * credentials.
 */
public interface ConnectionAuthorizer {

    /**
     * Establishes the principal from the upgrade request (headers, {@code token} query parameter,
     * subprotocols).
     *
     * @return the principal, or a future failed with {@link AuthenticationException} (answered with 401)
     */
    Future<Principal> authenticate(HttpServerRequest request);

    /** Whether connections present credentials at all; {@code false} while the server is open to anyone. */
    default boolean usesCredentials() {
        return false;
    }

    /**
     * Establishes the principal of a token sent in an {@code auth} message on an open connection (a fresh JWT,
     * or an API key), which replaces the connection's credentials before they expire.
     *
     * @param token the token
     * @param clientAddress the client's IP address (behind trusted proxies, the one they name), for the log of a
     *     refused token
     * @return the principal, or a future failed with {@link AuthenticationException}
     */
    default Future<Principal> authenticateToken(String token, String clientAddress) {
        return Future.failedFuture(new AuthenticationException("this server does not use credentials"));
    }

    /**
     * Counts a failed attempt (bad credentials, not missing ones) from the client at {@code address} and says
     * how long to hold its answer ({@code security.failure-delay}): the caller holds it on a timer, never by
     * blocking.
     *
     * @param address the client's IP address, as {@link FailureDelay#address} writes it
     * @return zero until the address has failed often
     */
    default Duration failedFrom(String address) {
        return Duration.ZERO;
    }

    /**
     * Whether {@code principal} was established under the settings in force: {@code false} after a settings
     * reload until it has been {@linkplain #reauthenticate checked again}.
     */
    default boolean isCurrent(Principal principal) {
        return true;
    }

    /**
     * The principal of an open connection under the settings in force, after a reload: {@code principal}
     * itself when nothing changed for it, one with the new grants, or a future failed with
     * {@link AuthenticationException} when its credentials are no longer accepted (an API key or user removed,
     * a password changed, a token the new keys do not verify). It may complete on another thread.
     */
    default Future<Principal> reauthenticate(Principal principal) {
        return Future.succeededFuture(principal);
    }

    /** Whether {@code principal} may read the config of {@code key}. */
    boolean mayRead(Principal principal, ConfigKey key);

    /** Whether {@code principal} may subscribe to {@code pattern}. */
    boolean mayRead(Principal principal, KeyPattern pattern);

    /** Everyone may read everything: the default until security is configured. */
    static ConnectionAuthorizer allowAll() {
        return new ConnectionAuthorizer() {
            @Override
            public Future<Principal> authenticate(HttpServerRequest request) {
                return Future.succeededFuture(Principal.ANONYMOUS);
            }

            @Override
            public boolean mayRead(Principal principal, ConfigKey key) {
                return true;
            }

            @Override
            public boolean mayRead(Principal principal, KeyPattern pattern) {
                return true;
            }
        };
    }
}

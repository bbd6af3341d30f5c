package dev.vortex.server.security;

import java.util.Objects;

/**
 * Who is on the other end of a request or connection, and what it may do.
 *
 * @param name the subject (a JWT {@code sub}, an API key's name, a user name); never a secret
 * @param grants the keys it may read and its rights
 * @param expiresAtMillis when its credentials expire (epoch milliseconds), or {@link Long#MAX_VALUE}
 * @param credential what established it, so that a settings reload can check it again
 *     ({@link ConnectionAuthorizer#reauthenticate}); {@code null} for a principal without credentials
 */
public record Principal(String name, Grants grants, long expiresAtMillis, Credential credential) {
    /** The principal of every request while no credentials are configured: it may do everything. */
    public static final Principal ANONYMOUS = new Principal("anonymous", Grants.ALL, Long.MAX_VALUE);

    /** Checks the parts. */
    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(grants, "grants");
    }

    /** A principal without a credential to check again (see {@link #credential()}). */
    public Principal(String name, Grants grants, long expiresAtMillis) {
        this(name, grants, expiresAtMillis, null);
    }

    /** A principal whose credentials do not expire, without a credential to check again. */
    public Principal(String name, Grants grants) {
        this(name, grants, Long.MAX_VALUE);
    }
}

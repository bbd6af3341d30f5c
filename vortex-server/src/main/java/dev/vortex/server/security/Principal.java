package dev.vortex.server.security;

import java.util.Objects;

/**
 * Who is on the other end of a connection, as established at the WebSocket upgrade.
 *
 * @param name the subject (a JWT {@code sub}, an API key's name, a user name)
 */
public record Principal(String name) {
    /** The principal of a request that presented no credentials, where that is allowed. */
    public static final Principal ANONYMOUS = new Principal("anonymous");

    /** Checks the name. */
    public Principal {
        Objects.requireNonNull(name, "name");
    }
}

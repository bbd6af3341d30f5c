package dev.vortex.server.security;

/**
 * What established a {@link Principal}, kept so that the principal of an open connection can be checked
 * again when the settings are reloaded: the digest of an API key, the password hash a user was checked
 * against, or a bearer token. Opaque outside this package, and never printed: {@link #toString()} names only
 * the scheme.
 *
 * <p>An API key's credential is made once per key and shared by every principal of that key; the others
 * hold a reference to a string that the realms hold anyway, so a connection pays one field for it.
 */
public final class Credential {
    /** How the principal proved itself. */
    enum Scheme {
        API_KEY,
        BASIC,
        BEARER
    }

    private final Scheme scheme;
    /** {@code byte[]} digest of an API key, a user's password hash, or a bearer token. */
    private final Object proof;
    /** The {@link CredentialsAuthorizer} settings generation under which it was checked. */
    private final long generation;

    Credential(Scheme scheme, Object proof, long generation) {
        this.scheme = scheme;
        this.proof = proof;
        this.generation = generation;
    }

    Scheme scheme() {
        return scheme;
    }

    Object proof() {
        return proof;
    }

    long generation() {
        return generation;
    }

    @Override
    public String toString() {
        return "Credential[" + scheme.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}

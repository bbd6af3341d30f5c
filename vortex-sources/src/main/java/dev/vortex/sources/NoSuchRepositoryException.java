package dev.vortex.sources;

/**
 * A request leads to a Git repository that cannot be cloned, e.g. a URI with {@code {application}} for an
 * application that has no repository. Maps to HTTP 404, as Spring Cloud Config Server answers it.
 */
public final class NoSuchRepositoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param uri the repository's URI, without credentials
     * @param cause why it could not be cloned
     */
    public NoSuchRepositoryException(String uri, Throwable cause) {
        super("No such repository: " + uri + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }
}

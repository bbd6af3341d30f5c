package dev.vortex.server.http;

/** A request failed with an HTTP status and a message for the client. Rendered by {@link ErrorResponder}. */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status the HTTP status
     * @param message what was wrong, naming the bad value
     */
    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** A 400 naming what was wrong with the request. */
    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    /** A 404. */
    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}

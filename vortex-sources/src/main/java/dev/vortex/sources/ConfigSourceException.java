package dev.vortex.sources;

/** A source could not be read (I/O failure, broken Git repository, unreadable file). */
public class ConfigSourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the file, directory or remote
     * @param cause the underlying failure
     */
    public ConfigSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}

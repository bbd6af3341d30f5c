package dev.vortex.core;

/** A configuration file could not be parsed; the message names the file and what is wrong with it. */
public final class ConfigFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file
     * @param cause the parser's own exception, if any
     */
    public ConfigFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

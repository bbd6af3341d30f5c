package dev.vortex.spring.boot;

import org.springframework.boot.context.config.ConfigDataException;

/** Configuration from Vortex could not be loaded (or a {@code vortex:} import is malformed); the message says why. */
public class VortexConfigDataException extends ConfigDataException {
    private static final long serialVersionUID = 1L;

    VortexConfigDataException(String message, Throwable cause) {
        super(message, cause);
    }
}

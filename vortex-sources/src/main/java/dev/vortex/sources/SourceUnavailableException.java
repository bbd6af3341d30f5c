package dev.vortex.sources;

/**
 * The origin of a source is not there right now (a native search location that vanished, say): the source
 * keeps its last good state and reports itself down, and a request it cannot answer from that state is
 * answered with 503, not with an empty configuration.
 */
public class SourceUnavailableException extends ConfigSourceException {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing, naming it */
    public SourceUnavailableException(String message) {
        super(message, null);
    }
}

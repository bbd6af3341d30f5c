package dev.vortex.sources;

/** A request named a label (branch, tag or commit) that the source does not have. Maps to HTTP 404. */
public final class NoSuchLabelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String label;

    /** @param label the label that was not found */
    public NoSuchLabelException(String label) {
        super("No such label: " + label);
        this.label = label;
    }

    /** The label that was not found. */
    public String label() {
        return label;
    }
}

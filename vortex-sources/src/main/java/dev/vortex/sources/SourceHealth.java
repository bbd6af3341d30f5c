package dev.vortex.sources;

import java.util.Map;

/**
 * Health of a source as shown under {@code /actuator/health}.
 *
 * @param up whether the source's last contact with its origin succeeded
 * @param details facts for operators (uri, last refresh, last error), JSON-friendly values only
 */
public record SourceHealth(boolean up, Map<String, Object> details) {

    /** Copies the details. */
    public SourceHealth {
        details = Map.copyOf(details);
    }
}

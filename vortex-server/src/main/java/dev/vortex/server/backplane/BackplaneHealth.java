package dev.vortex.server.backplane;

import java.util.Map;

/**
 * The backplane's state for {@code /actuator/health}.
 *
 * @param up whether changes travel between instances right now
 * @param details what an operator needs to see (the address without its password, the stream, the backlog)
 */
public record BackplaneHealth(boolean up, Map<String, Object> details) {

    /** The in-process backplane: always up, nothing to say. */
    public static final BackplaneHealth LOCAL = new BackplaneHealth(true, Map.of("type", "local"));

    /** Copies {@code details}. */
    public BackplaneHealth {
        details = Map.copyOf(details);
    }
}

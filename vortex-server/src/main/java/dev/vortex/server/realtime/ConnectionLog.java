package dev.vortex.server.realtime;

import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * Writes the one line logged per WebSocket open and close: the event, then its structured fields ({@code
 * key=value} in plain text, JSON fields with logstash's encoder), leaving out the fields that are {@code null}
 * (the {@code proxy} of a client that came without one), so that a line carries no field it has no value for.
 */
final class ConnectionLog {
    private ConnectionLog() {}

    /** Logs {@code event} with the non-null {@code fields}, in order, at INFO. */
    static void info(Logger log, String event, Object... fields) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Object[] present = Arrays.stream(fields).filter(Objects::nonNull).toArray();
        log.info(event + " {}".repeat(present.length), present);
    }
}

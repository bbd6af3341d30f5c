package dev.vortex.spring.boot;

import dev.vortex.client.ConnectionState;
import dev.vortex.client.VortexClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health of the starter's connections, independent of the actuator version: {@code UP} while every client is
 * connected, {@code UNKNOWN} while one reconnects (the application runs on its last configuration, so it is not taken
 * out of service), {@code DOWN} when one is closed or has given up.
 */
record ConnectionHealth(String status, Map<String, Object> details) {

    static ConnectionHealth of(List<VortexConnection> connections) {
        String status = "UP";
        Map<String, Object> details = new LinkedHashMap<>();
        for (VortexConnection connection : connections) {
            VortexClient client = connection.client();
            ConnectionState state = client.state();
            status = worse(status, statusOf(state));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", state.name());
            detail.put("key", String.valueOf(client.config().key()));
            detail.put("version", String.valueOf(client.version()));
            detail.put("fromCache", client.isFromCache());
            // Why a connection gave up (refused credentials, an unreadable vortex.token-file); never a secret.
            client.failure().ifPresent(failure -> detail.put("failure", failure.getMessage()));
            if (connections.size() == 1) {
                details.putAll(detail);
            } else {
                details.put(connection.propertySource().getName(), detail);
            }
        }
        return new ConnectionHealth(status, details);
    }

    private static String statusOf(ConnectionState state) {
        return switch (state) {
            case CONNECTED -> "UP";
            case CONNECTING, DISCONNECTED -> "UNKNOWN";
            case CLOSED, FAILED -> "DOWN";
        };
    }

    private static String worse(String a, String b) {
        List<String> order = List.of("DOWN", "UNKNOWN", "UP");
        return order.indexOf(a) <= order.indexOf(b) ? a : b;
    }
}

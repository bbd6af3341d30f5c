package dev.vortex.bench.jmh;

import java.util.Map;
import java.util.TreeMap;

/** A realistic flat Spring configuration of about 200 properties, for the micro-benchmarks. */
public final class SampleConfigs {
    private SampleConfigs() {}

    /** About 200 properties: server, datasource, logging levels, feature flags, clients, lists. */
    public static Map<String, Object> flat200() {
        Map<String, Object> flat = new TreeMap<>();
        flat.put("server.port", 8080);
        flat.put("server.shutdown", "graceful");
        flat.put("server.compression.enabled", true);
        flat.put("spring.application.name", "orders");
        flat.put("spring.datasource.url", "jdbc:postgresql://db.internal:5432/orders");
        flat.put("spring.datasource.username", "orders");
        flat.put("spring.datasource.hikari.maximum-pool-size", 20);
        flat.put("spring.datasource.hikari.minimum-idle", 5);
        flat.put("spring.jackson.default-property-inclusion", "non_null");
        flat.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        for (int i = 0; i < 40; i++) {
            flat.put("logging.level.com.example.module" + i, i % 5 == 0 ? "DEBUG" : "INFO");
        }
        for (int i = 0; i < 50; i++) {
            flat.put("app.features.flag-" + i, i % 3 == 0);
        }
        for (int i = 0; i < 12; i++) {
            String client = "http.clients.client-" + i;
            flat.put(client + ".url", "https://service-" + i + ".internal.example.com/api");
            flat.put(client + ".connect-timeout", (250 * (i + 1)) + "ms");
            flat.put(client + ".read-timeout", (1000 * (i + 1)) + "ms");
            flat.put(client + ".retries", i % 4);
            flat.put(client + ".circuit-breaker.enabled", i % 2 == 0);
        }
        for (int i = 0; i < 20; i++) {
            flat.put("app.allowed-origins[" + i + "]", "https://app" + i + ".example.com");
        }
        for (int i = 0; i < 20; i++) {
            flat.put("app.limits.tenant-" + i + ".requests-per-second", 100 * (i + 1));
        }
        return flat;
    }

    /** The same configuration with one value changed, as a typical edit. */
    public static Map<String, Object> flat200Changed() {
        Map<String, Object> flat = flat200();
        flat.put("app.features.flag-7", true);
        return flat;
    }
}

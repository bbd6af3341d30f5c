package dev.vortex.server.realtime;

import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.ResolvedConfig;
import java.util.List;
import java.util.Map;

/** Resolved configs made in memory, for unit tests of the layers above the cache. */
final class TestConfigs {
    static final ConfigKey ORDERS = new ConfigKey("orders", "prod", "main");
    static final ConfigKey BILLING = new ConfigKey("billing", "prod", "main");

    private TestConfigs() {}

    /** The config of {@code key} with {@code properties} (flat, dotted keys), resolved as the {@code sequence}th. */
    static ResolvedConfig config(ConfigKey key, long sequence, Map<String, Object> properties) {
        Environment environment = new Environment(
                key.application(),
                List.of(key.profiles()),
                key.label(),
                null,
                null,
                List.of(new PropertySource("test:" + key.application() + ".yml", properties)));
        return ResolvedConfig.of(key, environment, sequence);
    }
}

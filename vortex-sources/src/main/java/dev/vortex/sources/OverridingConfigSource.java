package dev.vortex.sources;

import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Forces properties into every environment of another source, as Spring Cloud Config Server's {@code
 * spring.cloud.config.server.overrides} does: a property source named {@code overrides}, above all others.
 *
 * <p>Values are strings. As in SCC, {@code \{} and <code>&#92;${</code> in a value lose their backslash
 * (there they keep the server's own configuration from resolving a placeholder meant for the clients), and
 * the properties keep the order of a {@link HashMap}, which is what SCC serves.
 *
 * <p>Immutable; as thread-safe as the source it wraps.
 */
public final class OverridingConfigSource extends ForwardingConfigSource {
    /** The name of the property source that holds the overrides, as in Spring Cloud Config Server. */
    public static final String SOURCE_NAME = "overrides";

    private final PropertySource overrides;

    private OverridingConfigSource(ConfigSource delegate, Map<String, String> overrides) {
        super(delegate);
        // Copied whole into a HashMap, as SCC does, so that the bucket count and thus the key order match.
        Map<String, Object> values = new HashMap<>(overrides);
        overrides.forEach((key, value) -> values.put(key, unescaped(value)));
        this.overrides = new PropertySource(SOURCE_NAME, values);
    }

    // SCC's setOverrides, to the letter: when both spellings occur, only the second replacement counts.
    private static String unescaped(String value) {
        String result = value;
        if (value.contains("\\{")) {
            result = value.replace("\\{", "{");
        }
        if (value.contains("\\${")) {
            result = value.replace("\\${", "${");
        }
        return result;
    }

    /**
     * Wraps {@code delegate}, or returns it as it is when there is nothing to override.
     *
     * @param overrides property names to values
     */
    public static ConfigSource of(ConfigSource delegate, Map<String, String> overrides) {
        Objects.requireNonNull(delegate, "delegate");
        return overrides.isEmpty() ? delegate : new OverridingConfigSource(delegate, overrides);
    }

    @Override
    public Environment find(String application, String profiles, String label) {
        Environment environment = delegate().find(application, profiles, label);
        List<PropertySource> sources = new ArrayList<>();
        sources.add(overrides);
        sources.addAll(environment.propertySources());
        return environment.withPropertySources(sources);
    }

    @Override
    public String description() {
        return delegate().description() + " with " + overrides.source().size() + " override(s)";
    }
}

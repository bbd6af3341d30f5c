package dev.vortex.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one {@link VortexConfig}: immutable, both shapes computed once. */
final class ConfigSnapshot implements VortexConfig {
    private static final Pattern SIMPLE_DURATION =
            Pattern.compile("^([+-]?\\d+)\\s*(ns|us|ms|s|m|h|d)?$", Pattern.CASE_INSENSITIVE);

    private final ConfigKey key;
    private final String version;
    private final Map<String, Object> nested;
    private final Map<String, Object> flat;
    private final boolean fromCache;

    private ConfigSnapshot(
            ConfigKey key, String version, Map<String, Object> nested, Map<String, Object> flat, boolean fromCache) {
        this.key = key;
        this.version = version;
        this.nested = nested;
        this.flat = flat;
        this.fromCache = fromCache;
    }

    /** A config from a JSON object in the given shape. */
    @SuppressWarnings("unchecked")
    static ConfigSnapshot of(ConfigKey key, String version, JsonNode config, Shape shape, boolean fromCache) {
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("config of " + key + " must be a JSON object, was " + config);
        }
        Map<String, Object> tree = (Map<String, Object>) ConfigTrees.toJava(config);
        return shape == Shape.FLAT
                ? new ConfigSnapshot(key, version, ConfigTrees.nest(tree), tree, fromCache)
                : new ConfigSnapshot(key, version, tree, ConfigTrees.flatten(tree), fromCache);
    }

    /** The same config, now confirmed by the server (no longer from the cache). */
    ConfigSnapshot confirmed() {
        return fromCache ? new ConfigSnapshot(key, version, nested, flat, false) : this;
    }

    @Override
    public ConfigKey key() {
        return key;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Map<String, Object> nested() {
        return nested;
    }

    @Override
    public Map<String, Object> flat() {
        return flat;
    }

    @Override
    public boolean fromCache() {
        return fromCache;
    }

    @Override
    public Optional<String> getString(String name) {
        return leaf(name, "text").map(String::valueOf);
    }

    @Override
    public Optional<Integer> getInt(String name) {
        return exact(name, "an int", BigDecimal::intValueExact);
    }

    @Override
    public Optional<Long> getLong(String name) {
        return exact(name, "a long", BigDecimal::longValueExact);
    }

    /** A whole number that fits the type, or an error naming the value. */
    private <T> Optional<T> exact(String name, String expected, Function<BigDecimal, T> conversion) {
        return number(name, expected).map(number -> {
            try {
                return conversion.apply(number);
            } catch (ArithmeticException e) {
                throw notA(name, number, expected);
            }
        });
    }

    @Override
    public Optional<Double> getDouble(String name) {
        return number(name, "a double").map(BigDecimal::doubleValue);
    }

    @Override
    public Optional<Boolean> getBoolean(String name) {
        return leaf(name, "a boolean").map(value -> {
            if (value instanceof Boolean bool) {
                return bool;
            }
            String text = String.valueOf(value).trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw notA(name, value, "a boolean");
        });
    }

    @Override
    public Optional<Duration> getDuration(String name) {
        return leaf(name, "a duration").map(value -> {
            String text = String.valueOf(value).trim();
            Matcher simple = SIMPLE_DURATION.matcher(text);
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                String unit = simple.group(2) == null ? "ms" : simple.group(2).toLowerCase(Locale.ROOT);
                return switch (unit) {
                    case "ns" -> Duration.ofNanos(amount);
                    case "us" -> Duration.ofNanos(amount * 1000);
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw notA(name, value, "a duration (500ms, 30s, 5m, PT30S)");
            }
        });
    }

    @Override
    public <T> Optional<T> get(String name, Class<T> type) {
        Object value = flat.containsKey(name) ? flat.get(name) : subtree(name);
        if (value == null) {
            return Optional.empty();
        }
        if (type.isInstance(value)) {
            return Optional.of(type.cast(value));
        }
        try {
            return Optional.of(ConfigTrees.JSON.convertValue(value, type));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "property '" + name + "' of " + key + " cannot be read as " + type.getSimpleName() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** The value of a flat name, which must be a single value. */
    private Optional<Object> leaf(String name, String expected) {
        Object value = flat.get(name);
        if (value == null) {
            Object subtree = subtree(name);
            if (subtree != null) {
                throw notA(name, subtree, expected);
            }
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private Optional<BigDecimal> number(String name, String expected) {
        return leaf(name, expected).map(value -> {
            try {
                return new BigDecimal(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw notA(name, value, expected);
            }
        });
    }

    /** The map or list at a dotted name in the nested config, or {@code null}. */
    private Object subtree(String name) {
        List<Object> segments = ConfigTrees.segments(name);
        if (segments == null) {
            return null;
        }
        Object current = nested;
        for (Object segment : segments) {
            if (current instanceof Map<?, ?> map && segment instanceof String member) {
                current = map.get(member);
            } else if (current instanceof List<?> list && segment instanceof Integer index && index < list.size()) {
                current = list.get(index);
            } else {
                return null;
            }
        }
        return current instanceof Map || current instanceof List ? current : null;
    }

    private IllegalArgumentException notA(String name, Object value, String expected) {
        return new IllegalArgumentException(
                "property '" + name + "' of " + key + " is '" + value + "', not " + expected);
    }

    @Override
    public String toString() {
        return "VortexConfig[" + key + " version=" + version + (fromCache ? " from cache" : "") + " " + flat + "]";
    }
}

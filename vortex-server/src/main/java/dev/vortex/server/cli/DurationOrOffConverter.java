package dev.vortex.server.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an interval that can be turned off: {@code off} or {@code 0} is {@link Duration#ZERO}; anything else is
 * a duration as {@link DurationConverter} reads it, which must not be negative.
 */
final class DurationOrOffConverter implements ITypeConverter<Duration> {
    private final DurationConverter durations = new DurationConverter();

    @Override
    public Duration convert(String value) {
        if (value.trim().toLowerCase(Locale.ROOT).equals("off")) {
            return Duration.ZERO;
        }
        Duration duration;
        try {
            duration = durations.convert(value);
        } catch (TypeConversionException e) {
            throw new TypeConversionException(
                    "'" + value + "' is neither a duration nor off; use e.g. 500ms, 30s, 5m, PT30S, or off (or 0)");
        }
        if (duration.isNegative()) {
            throw new TypeConversionException(
                    "'" + value + "' is negative; use a positive duration, or off (or 0) to turn it off");
        }
        return duration;
    }
}

package dev.vortex.server.cli;

import dev.vortex.server.security.IpRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads one entry of {@code --trusted-proxies}: a CIDR range or a single IP address, never a host name. */
final class IpRangeConverter implements ITypeConverter<IpRange> {
    @Override
    public IpRange convert(String value) {
        try {
            return IpRange.parse(value);
        } catch (IllegalArgumentException e) {
            // Picocli puts the option's name in front: "Invalid value for option '--trusted-proxies' (CIDR): ...".
            throw new TypeConversionException(e.getMessage());
        }
    }
}

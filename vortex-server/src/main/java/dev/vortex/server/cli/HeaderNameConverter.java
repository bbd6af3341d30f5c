package dev.vortex.server.cli;

import dev.vortex.server.security.TrustedProxies;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --client-address-header}: an HTTP header name. */
final class HeaderNameConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            return TrustedProxies.checkHeader(value);
        } catch (IllegalArgumentException e) {
            // Picocli puts the option's name in front: "Invalid value for option '--client-address-header' ...".
            throw new TypeConversionException(e.getMessage());
        }
    }
}

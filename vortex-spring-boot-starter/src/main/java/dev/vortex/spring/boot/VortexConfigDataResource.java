package dev.vortex.spring.boot;

import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;

/** One {@code vortex:} import, resolved: where to connect and which key to read. */
public final class VortexConfigDataResource extends ConfigDataResource {
    private final VortexImportSettings settings;
    private final boolean optional;

    VortexConfigDataResource(VortexImportSettings settings, boolean optional) {
        super(optional);
        this.settings = settings;
        this.optional = optional;
    }

    /** Whether the import was {@code optional:vortex:} (Boot keeps its own flag to itself). */
    boolean optional() {
        return optional;
    }

    VortexImportSettings settings() {
        return settings;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VortexConfigDataResource that
                && settings.equals(that.settings)
                && optional == that.optional;
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings, optional);
    }

    @Override
    public String toString() {
        return settings.describe();
    }
}

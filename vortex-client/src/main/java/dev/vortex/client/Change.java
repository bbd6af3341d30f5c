package dev.vortex.client;

import java.util.List;

/** The one {@link ConfigChange}. */
record Change(VortexConfig previous, VortexConfig config, boolean snapshot, List<PropertyChange> changes)
        implements ConfigChange {

    static Change between(VortexConfig previous, VortexConfig config, boolean snapshot) {
        return new Change(
                previous,
                config,
                snapshot,
                PropertyDiff.between(previous == null ? null : previous.flat(), config.flat()));
    }

    @Override
    public ConfigKey key() {
        return config.key();
    }

    @Override
    public String oldVersion() {
        return previous == null ? null : previous.version();
    }

    @Override
    public String newVersion() {
        return config.version();
    }
}

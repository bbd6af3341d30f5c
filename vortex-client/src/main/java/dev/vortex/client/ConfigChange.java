package dev.vortex.client;

import java.util.List;

/** A config of one key moved from one version to another. */
public interface ConfigChange {
    /** The key whose config changed. */
    ConfigKey key();

    /** The version the listener saw before; {@code null} for the first config of the key. */
    String oldVersion();

    /** The version now. */
    String newVersion();

    /** The properties that differ (flat names), changed and removed ones in the old order, then added ones. */
    List<PropertyChange> changes();

    /** The config now. */
    VortexConfig config();

    /** The config before; {@code null} for the first config of the key. */
    VortexConfig previous();

    /**
     * Whether the new config arrived whole (first contact, a resync the server could not answer with a diff,
     * a patch larger than the config) rather than as a diff; for a coalesced change, whether any of its
     * steps did.
     */
    boolean snapshot();
}

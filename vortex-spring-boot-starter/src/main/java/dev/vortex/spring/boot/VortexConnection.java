package dev.vortex.spring.boot;

import dev.vortex.client.VortexClient;
import dev.vortex.client.VortexConfig;
import java.net.URI;

/**
 * One live connection of the starter: the {@link VortexClient} of a {@code vortex:} import and the property source it
 * feeds. It outlives the {@code Environment} that first loaded it when Spring Cloud re-runs the imports on a refresh
 * (that run gets this same connection back instead of opening a second one).
 */
public final class VortexConnection {
    private final VortexImportSettings settings;
    private final VortexClient client;
    private final VortexPropertySource propertySource;
    private int claims;

    VortexConnection(VortexImportSettings settings, URI url, VortexClient client, VortexConfig first) {
        this.settings = settings;
        this.client = client;
        this.propertySource = new VortexPropertySource(propertySourceName(settings, url), this, first);
    }

    /** {@code vortex:http://host:8888/orders/prod[/label]}: the import's prefix and the key as Vortex's HTTP path. */
    private static String propertySourceName(VortexImportSettings settings, URI url) {
        String base = url.toString().replaceAll("/+$", "");
        String label = settings.label() == null ? "" : "/" + settings.label();
        return VortexImportSettings.PREFIX + base + "/" + settings.application() + "/" + settings.profiles() + label;
    }

    /** The client; it belongs to the starter, which closes it with the last application context that uses it. */
    public VortexClient client() {
        return client;
    }

    /** The property source in the {@code Environment}. */
    public VortexPropertySource propertySource() {
        return propertySource;
    }

    VortexImportSettings settings() {
        return settings;
    }

    /** Counts one more application context using this connection. Guarded by {@link VortexConnections}. */
    int claim() {
        return ++claims;
    }

    /** How many application contexts use this connection. Guarded by {@link VortexConnections}. */
    int claims() {
        return claims;
    }

    /** Counts one application context less; at zero the connection is closed by {@link VortexConnections}. */
    int release() {
        return --claims;
    }

    @Override
    public String toString() {
        return settings.describe();
    }
}

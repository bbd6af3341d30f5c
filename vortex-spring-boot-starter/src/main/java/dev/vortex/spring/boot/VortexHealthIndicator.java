package dev.vortex.spring.boot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** The {@code vortex} health component on Spring Boot 4: connection state, key, version, whether from the cache. */
final class VortexHealthIndicator extends AbstractHealthIndicator {
    private final VortexChangeApplier applier;

    VortexHealthIndicator(VortexChangeApplier applier) {
        super("Vortex health check failed");
        this.applier = applier;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ConnectionHealth health = ConnectionHealth.of(applier.connections());
        builder.status(health.status()).withDetails(health.details());
    }
}

package dev.vortex.spring.boot;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** The {@code vortex} health component on Spring Boot 3 (whose actuator has its own health types). */
final class VortexBoot3HealthIndicator extends AbstractHealthIndicator {
    private final VortexChangeApplier applier;

    VortexBoot3HealthIndicator(VortexChangeApplier applier) {
        super("Vortex health check failed");
        this.applier = applier;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ConnectionHealth health = ConnectionHealth.of(applier.connections());
        builder.status(health.status()).withDetails(health.details());
    }
}

package dev.vortex.spring.boot;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the {@code Environment} holds at least one source loaded by a {@code vortex:} import. */
final class OnVortexImportCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return context.getEnvironment() instanceof ConfigurableEnvironment environment
                && !VortexChangeApplier.connectionsOf(environment).isEmpty();
    }
}

package dev.vortex.spring.boot;

import dev.vortex.client.VortexClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Active when a {@code vortex:} import loaded something: the client as a bean, the {@link VortexChangeApplier} that
 * takes every change into the running application, and the {@code vortex} health component when an actuator is present.
 *
 * <p>Classes of one Spring Boot or Spring Cloud generation sit in nested configurations behind
 * {@code @ConditionalOnClass}, so they are never loaded where those types do not exist.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.cloud.autoconfigure.RefreshAutoConfiguration",
            "org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration"
        })
@Conditional(OnVortexImportCondition.class)
public class VortexAutoConfiguration {
    private static final String SPRING_CLOUD_EVENT =
            "org.springframework.cloud.context.environment.EnvironmentChangeEvent";

    @Bean
    VortexChangeApplier vortexChangeApplier(ConfigurableApplicationContext context, BeanRefresher vortexBeanRefresher) {
        return new VortexChangeApplier(context.getEnvironment(), vortexBeanRefresher, context);
    }

    /** The client of the (first) {@code vortex:} import; the starter closes it, so no destroy method here. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    VortexClient vortexClient(VortexChangeApplier applier) {
        return applier.connections().get(0).client();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = SPRING_CLOUD_EVENT)
    static class WithSpringCloud {
        @Bean
        BeanRefresher vortexBeanRefresher(
                ConfigurableApplicationContext context, ObjectProvider<RefreshScope> refreshScope) {
            return new SpringCloudBeanRefresher(context, refreshScope);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(SPRING_CLOUD_EVENT)
    static class WithoutSpringCloud {
        @Bean
        BeanRefresher vortexBeanRefresher(ConfigurableApplicationContext context) {
            return new BootBeanRefresher(context);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4Health {
        @Bean
        VortexHealthIndicator vortexHealthIndicator(VortexChangeApplier applier) {
            return new VortexHealthIndicator(applier);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot3Health {
        @Bean
        VortexBoot3HealthIndicator vortexHealthIndicator(VortexChangeApplier applier) {
            return new VortexBoot3HealthIndicator(applier);
        }
    }
}

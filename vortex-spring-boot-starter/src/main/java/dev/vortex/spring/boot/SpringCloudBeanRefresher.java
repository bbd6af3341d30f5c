package dev.vortex.spring.boot;

import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;

/**
 * With Spring Cloud: what {@code ContextRefresher.refresh()} does after it reloaded the {@code Environment}, minus the
 * reload (the starter already updated its property source in place): an {@link EnvironmentChangeEvent} with the changed
 * names ({@code ConfigurationPropertiesRebinder} rebinds every {@code @ConfigurationProperties} bean,
 * {@code LoggingRebinder} applies {@code logging.level.*}), then {@link RefreshScope#refreshAll()}.
 */
final class SpringCloudBeanRefresher implements BeanRefresher {
    private final ApplicationContext context;
    private final ObjectProvider<RefreshScope> refreshScope;

    SpringCloudBeanRefresher(ApplicationContext context, ObjectProvider<RefreshScope> refreshScope) {
        this.context = context;
        this.refreshScope = refreshScope;
    }

    @Override
    public void refresh(Set<String> changedNames) {
        context.publishEvent(new EnvironmentChangeEvent(context, changedNames));
        refreshScope.ifAvailable(RefreshScope::refreshAll);
    }
}

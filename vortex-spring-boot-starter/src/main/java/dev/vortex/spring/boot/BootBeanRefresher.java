package dev.vortex.spring.boot;

import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Without Spring Cloud: rebinds every JavaBean-style {@code @ConfigurationProperties} bean with Boot's own binding
 * post-processor, as Spring Cloud's {@code ConfigurationPropertiesRebinder} does (re-initialising the bean). Beans
 * bound through their constructor are immutable and keep their values; {@code @RefreshScope} needs Spring Cloud.
 */
final class BootBeanRefresher implements BeanRefresher {
    private static final Log log = LogFactory.getLog(BootBeanRefresher.class);

    private final ConfigurableApplicationContext context;

    BootBeanRefresher(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public void refresh(Set<String> changedNames) {
        for (ConfigurationPropertiesBean bean :
                ConfigurationPropertiesBean.getAll(context).values()) {
            if (bean.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT) {
                continue;
            }
            try {
                context.getAutowireCapableBeanFactory().initializeBean(target(bean.getInstance()), bean.getName());
            } catch (RuntimeException e) {
                // One bean that no longer binds (a bad value) must not keep the others on stale values.
                log.error("Vortex: could not rebind @ConfigurationProperties bean '" + bean.getName() + "'", e);
            }
        }
    }

    private static Object target(Object bean) {
        if (AopUtils.isAopProxy(bean) && bean instanceof Advised advised) {
            try {
                return advised.getTargetSource().getTarget();
            } catch (Exception e) {
                throw new IllegalStateException("cannot reach the target of proxied bean " + bean.getClass(), e);
            }
        }
        return bean;
    }
}

package dev.vortex.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.client.PropertyChange;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Spring Boot alone (the surefire execution "without-spring-cloud" takes Spring Cloud off the classpath): the property
 * source follows changes, {@code @ConfigurationProperties} beans are rebound by Boot's binder, the event is published.
 */
@Tag("without-spring-cloud")
class WithoutSpringCloudTest {
    @TempDir
    Path dir;

    @Test
    void configurationProperties_followAFileEdit_withoutSpringCloud() throws Exception {
        assertThat(ClassUtils.isPresent("org.springframework.cloud.context.environment.EnvironmentChangeEvent", null))
                .as("Spring Cloud must be off this test's classpath")
                .isFalse();
        try (VortexServer vortex = VortexServer.start(dir.resolve("repo"))) {
            vortex.write("orders.yml", "orders:\n  max-items: 10\n");
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PlainBootApplication.class)
                    .web(WebApplicationType.NONE)
                    .run("--spring.config.import=vortex:" + vortex.url(), "--spring.application.name=orders")) {
                OrdersApplication.OrdersProperties properties =
                        app.getBean(OrdersApplication.OrdersProperties.class);
                assertThat(properties.getMaxItems()).isEqualTo(10);

                vortex.write("orders.yml", "orders:\n  max-items: 11\n");

                await().atMost(Duration.ofSeconds(20)).until(() -> properties.getMaxItems() == 11);
                OrdersApplication.RecordedChanges changes = app.getBean(OrdersApplication.RecordedChanges.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> !changes.events.isEmpty());
                assertThat(changes.events.get(0).changes())
                        .containsExactly(
                                new PropertyChange("orders.max-items", 10, 11, PropertyChange.Kind.MODIFIED));
            }
        }
    }
}

package dev.vortex.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vortex.client.PropertyChange;
import dev.vortex.client.VortexClient;
import dev.vortex.spring.boot.VortexConfigChangedEvent;
import dev.vortex.spring.boot.VortexPropertySource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;

/** A running Spring Boot application follows file edits in the server's directory, with no refresh call. */
class LiveRefreshTest {
    @TempDir
    static Path dir;

    static VortexServer vortex;

    @BeforeAll
    static void startServer() throws Exception {
        vortex = VortexServer.start(dir.resolve("repo"));
    }

    @AfterAll
    static void stopServer() {
        vortex.close();
    }

    private static ConfigurableApplicationContext startApp(String application) {
        return OrdersApplication.run(
                "--spring.config.import=vortex:" + vortex.url(),
                "--spring.application.name=" + application,
                "--spring.profiles.active=prod");
    }

    @Test
    void fileEdit_rebindsConfigurationProperties_refreshesRefreshScopeBeans_andPublishesTheDiff() {
        vortex.write("orders.yml", "orders:\n  max-items: 500\n  greeting: hello\n  currencies: [EUR, USD]\n");
        try (ConfigurableApplicationContext app = startApp("orders")) {
            OrdersApplication.OrdersProperties properties = app.getBean(OrdersApplication.OrdersProperties.class);
            OrdersApplication.Greeting greeting = app.getBean(OrdersApplication.Greeting.class);
            assertThat(properties.getMaxItems()).isEqualTo(500);
            assertThat(greeting.text()).isEqualTo("hello");
            String firstVersion = app.getBean(VortexClient.class).version();

            vortex.write("orders.yml", "orders:\n  max-items: 600\n  greeting: bonjour\n  currencies: [EUR]\n");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(properties.getMaxItems()).isEqualTo(600);
                assertThat(greeting.text()).isEqualTo("bonjour");
            });
            assertThat(properties.getCurrencies()).containsExactly("EUR");
            assertThat(app.getEnvironment().getProperty("orders.max-items")).isEqualTo("600");

            List<VortexConfigChangedEvent> events = app.getBean(OrdersApplication.RecordedChanges.class).events;
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
            VortexConfigChangedEvent event = events.get(0);
            assertThat(event.key().application()).isEqualTo("orders");
            assertThat(event.oldVersion()).isEqualTo(firstVersion);
            assertThat(event.newVersion()).isNotEqualTo(firstVersion);
            assertThat(event.changes())
                    .containsExactlyInAnyOrder(
                            new PropertyChange("orders.max-items", 500, 600, PropertyChange.Kind.MODIFIED),
                            new PropertyChange("orders.greeting", "hello", "bonjour", PropertyChange.Kind.MODIFIED),
                            new PropertyChange("orders.currencies[1]", "USD", null, PropertyChange.Kind.REMOVED));
        }
    }

    @Test
    void environment_holdsOneVortexSource_aboveTheApplicationsOwnProperties() {
        vortex.write("billing.yml", "orders:\n  region: remote\n");
        vortex.write("billing-prod.yml", "orders:\n  tier: gold\n");
        try (ConfigurableApplicationContext app = OrdersApplication.run(
                "--spring.config.import=vortex:" + vortex.url(),
                "--spring.application.name=billing",
                "--spring.profiles.active=prod",
                "--spring.config.location=classpath:/application.properties,classpath:/local-orders.properties")) {
            List<PropertySource<?>> vortexSources = app.getEnvironment().getPropertySources().stream()
                    .filter(VortexPropertySource.class::isInstance)
                    .toList();
            assertThat(vortexSources).hasSize(1);
            assertThat(vortexSources.get(0).getName()).isEqualTo("vortex:" + vortex.url() + "/billing/prod");
            assertThat(app.getEnvironment().getProperty("orders.region")).isEqualTo("remote");
            assertThat(app.getEnvironment().getProperty("orders.tier")).isEqualTo("gold");
            assertThat(app.getEnvironment().getProperty("orders.local-only")).isEqualTo("kept");
        }
    }

    @Test
    void springCloudRefresh_reusesTheLiveConnection_insteadOfOpeningAnother() {
        vortex.write("shipping.yml", "orders:\n  max-items: 1\n");
        try (ConfigurableApplicationContext app = startApp("shipping")) {
            VortexPropertySource before = vortexSource(app);

            // What /actuator/refresh and Spring Cloud Bus do: run every config import again.
            app.getBean(ContextRefresher.class).refresh();

            assertThat(vortexSource(app)).isSameAs(before);
            OrdersApplication.OrdersProperties properties = app.getBean(OrdersApplication.OrdersProperties.class);
            vortex.write("shipping.yml", "orders:\n  max-items: 2\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> properties.getMaxItems() == 2);
        }
    }

    private static VortexPropertySource vortexSource(ConfigurableApplicationContext app) {
        List<PropertySource<?>> sources = app.getEnvironment().getPropertySources().stream()
                .filter(VortexPropertySource.class::isInstance)
                .toList();
        assertThat(sources).hasSize(1);
        return (VortexPropertySource) sources.get(0);
    }
}

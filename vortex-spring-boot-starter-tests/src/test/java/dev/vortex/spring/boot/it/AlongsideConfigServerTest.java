package dev.vortex.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * {@code configserver:} and {@code vortex:} in one application (a migration in progress): both load, the later import
 * wins where they overlap, and only the Vortex part follows changes live.
 */
class AlongsideConfigServerTest {
    @TempDir
    Path dir;

    @Test
    void bothImports_load_andTheVortexOneFollowsEdits() throws Exception {
        try (VortexServer asConfigServer = VortexServer.start(dir.resolve("scc"));
                VortexServer vortex = VortexServer.start(dir.resolve("vortex"))) {
            asConfigServer.write("orders.yml", "orders:\n  max-items: 1\n  legacy: from-configserver\n");
            vortex.write("orders.yml", "orders:\n  max-items: 2\n");
            try (ConfigurableApplicationContext app = OrdersApplication.run(
                    "--spring.config.import=configserver:" + asConfigServer.url() + ",vortex:" + vortex.url(),
                    "--spring.application.name=orders")) {
                Environment environment = app.getEnvironment();
                OrdersApplication.OrdersProperties properties =
                        app.getBean(OrdersApplication.OrdersProperties.class);
                assertThat(environment.getProperty("orders.legacy")).isEqualTo("from-configserver");
                assertThat(properties.getMaxItems()).isEqualTo(2);

                vortex.write("orders.yml", "orders:\n  max-items: 3\n");

                await().atMost(Duration.ofSeconds(20)).until(() -> properties.getMaxItems() == 3);
                assertThat(environment.getProperty("orders.legacy")).isEqualTo("from-configserver");
            }
        }
    }
}

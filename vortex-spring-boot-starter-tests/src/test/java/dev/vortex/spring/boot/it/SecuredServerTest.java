package dev.vortex.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vortex.compat.SecuredVortex;
import dev.vortex.spring.boot.VortexConfigDataException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;

/**
 * The starter against Vortex with security on: the credentials a {@code configserver:} user already sets
 * ({@code spring.cloud.config.username}/{@code password}, {@code spring.cloud.config.headers.*}) authenticate the
 * push connection too, and a live change reaches the application; a wrong password fails the start naming the 401.
 */
class SecuredServerTest {
    @TempDir
    static Path dir;

    static VortexServer vortex;

    @BeforeAll
    static void startServer() throws Exception {
        vortex = VortexServer.startSecured(dir.resolve("repo"));
    }

    @AfterAll
    static void stopServer() {
        if (vortex != null) {
            vortex.close();
        }
    }

    private static void followsAnEdit(ConfigurableApplicationContext app, int edited) {
        OrdersApplication.OrdersProperties properties = app.getBean(OrdersApplication.OrdersProperties.class);
        vortex.write("orders.yml", "orders:\n  max-items: " + edited + "\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> properties.getMaxItems() == edited);
    }

    @Test
    void basic_fromSpringCloudConfigUsernameAndPassword_servesConfigserverAndTheLivePush() {
        vortex.write("orders.yml", "orders:\n  max-items: 10\n");
        try (ConfigurableApplicationContext app = OrdersApplication.run(
                "--spring.config.import=configserver:" + vortex.url() + ",vortex:" + vortex.url(),
                "--spring.application.name=orders",
                "--spring.cloud.config.username=" + SecuredVortex.USER,
                "--spring.cloud.config.password=" + SecuredVortex.PASSWORD)) {
            assertThat(app.getBean(OrdersApplication.OrdersProperties.class).getMaxItems())
                    .isEqualTo(10);
            // A configserver: import that could not authenticate would have failed the start (it is not optional).
            assertThat(app.getEnvironment().getPropertySources().stream().map(PropertySource::getName))
                    .anyMatch(name -> name.startsWith("configserver:"))
                    .anyMatch(name -> name.startsWith("vortex:"));
            followsAnEdit(app, 11);
        }
    }

    @Test
    void bearerToken_fromSpringCloudConfigHeaders_authenticatesThePush() {
        vortex.write("orders.yml", "orders:\n  max-items: 20\n");
        String token = SecuredVortex.jwt("svc-orders", List.of("orders:*:*"), Duration.ofMinutes(5));
        try (ConfigurableApplicationContext app = OrdersApplication.run(
                "--spring.config.import=vortex:" + vortex.url(),
                "--spring.application.name=orders",
                "--spring.cloud.config.headers.Authorization=Bearer " + token)) {
            assertThat(app.getBean(OrdersApplication.OrdersProperties.class).getMaxItems())
                    .isEqualTo(20);
            followsAnEdit(app, 21);
        }
    }

    @Test
    void wrongPassword_failsTheStart_namingThe401() {
        assertThatThrownBy(() -> OrdersApplication.run(
                        "--spring.config.import=vortex:" + vortex.url(),
                        "--spring.application.name=orders",
                        "--spring.cloud.config.username=" + SecuredVortex.USER,
                        "--spring.cloud.config.password=not-the-password"))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("not-the-password");
    }
}

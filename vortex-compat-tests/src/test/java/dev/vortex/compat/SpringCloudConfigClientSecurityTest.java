package dev.vortex.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real Spring Boot applications with {@code spring-cloud-starter-config}, unchanged, against the packaged Vortex with
 * security on (a settings file, {@link SecuredVortex}): Basic from {@code spring.cloud.config.username}/{@code
 * password}, a bearer token and an API key from {@code spring.cloud.config.headers.*}; a wrong password fails the
 * start as Spring's fail-fast does. One server for the class, one application per case.
 */
class SpringCloudConfigClientSecurityTest {
    @TempDir
    static Path dir;

    static VortexProcess vortex;

    @BeforeAll
    static void startSecuredServer() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("orders.yml"), "orders:\n  max-items: 50\n");
        Files.writeString(repo.resolve("orders-prod.yml"), "orders:\n  max-items: 500\n");
        List<String> args = new ArrayList<>(List.of("--native", repo.toString()));
        args.addAll(SecuredVortex.serveArgs(dir));
        vortex = VortexProcess.start(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopServer() {
        if (vortex != null) {
            vortex.close();
        }
    }

    private static String maxItems(String... credentials) {
        try (ConfigurableApplicationContext app =
                SpringCloudConfigClientCompatibilityTest.startClient(vortex.url(), credentials)) {
            return app.getEnvironment().getProperty("orders.max-items");
        }
    }

    @Test
    void basic_fromSpringCloudConfigUsernameAndPassword() {
        assertThat(maxItems(
                        "--spring.cloud.config.username=" + SecuredVortex.USER,
                        "--spring.cloud.config.password=" + SecuredVortex.PASSWORD))
                .isEqualTo("500");
    }

    @Test
    void bearerToken_andApiKey_fromSpringCloudConfigHeaders() {
        String token = SecuredVortex.jwt("svc-orders", List.of("orders:*:*"), Duration.ofMinutes(5));
        assertThat(maxItems("--spring.cloud.config.headers.Authorization=Bearer " + token))
                .isEqualTo("500");
        assertThat(maxItems("--spring.cloud.config.headers.X-API-Key=" + SecuredVortex.API_KEY))
                .isEqualTo("500");
    }

    @Test
    void wrongPassword_failsTheStart_withFailFast() {
        assertThatThrownBy(() -> maxItems(
                        "--spring.cloud.config.username=" + SecuredVortex.USER,
                        "--spring.cloud.config.password=not-the-password"))
                .hasMessageContaining("fail fast")
                .hasStackTraceContaining("401");
        assertThat(vortex.output()).doesNotContain("not-the-password");
    }
}

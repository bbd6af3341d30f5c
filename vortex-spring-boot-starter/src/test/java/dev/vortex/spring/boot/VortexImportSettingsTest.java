package dev.vortex.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class VortexImportSettingsTest {

    private static Binder binder(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties));
    }

    @Test
    void readsTheSpringCloudConfigPropertiesAndVortexOwn() {
        VortexImportSettings settings = VortexImportSettings.of(
                "vortex:http://a:8888;https://b",
                binder(Map.of(
                        "spring.application.name", "orders",
                        "spring.cloud.config.label", "release/2",
                        "spring.cloud.config.fail-fast", "true",
                        "spring.cloud.config.username", "user",
                        "spring.cloud.config.password", "secret",
                        "spring.cloud.config.headers.X-Tenant", "t1",
                        "vortex.reconnect.max-delay", "10s")),
                null);

        assertThat(settings.urls()).containsExactly(URI.create("http://a:8888"), URI.create("https://b"));
        assertThat(settings.application()).isEqualTo("orders");
        assertThat(settings.profiles()).isEqualTo("default");
        assertThat(settings.label()).isEqualTo("release/2");
        assertThat(settings.failFast()).isTrue();
        assertThat(settings.headers()).containsEntry("X-Tenant", "t1");
        assertThat(settings.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.reconnectInitialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.toString())
                .isEqualTo("vortex:http://a:8888;https://b (orders:default:release/2)")
                .doesNotContain("secret");
    }

    @Test
    void aBareImport_takesSpringCloudConfigUri() {
        VortexImportSettings settings = VortexImportSettings.of(
                "vortex:", binder(Map.of("spring.cloud.config.uri", "http://a:1,http://b:2")), null);

        assertThat(settings.urls()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
        assertThat(settings.application()).isEqualTo("application");
    }

    @Test
    void aBareImport_withoutAnyUrl_isRefused() {
        assertThatThrownBy(() -> VortexImportSettings.of("vortex:", binder(Map.of()), null))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageContaining("no Vortex URL in spring.config.import 'vortex:'");
    }

    @Test
    void aUrlThatIsNotHttp_isRefusedByName() {
        assertThatThrownBy(() -> VortexImportSettings.of("vortex:http://ok;ws://host:1", binder(Map.of()), null))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageContaining("invalid Vortex URL 'ws://host:1'");
        assertThatThrownBy(() -> VortexImportSettings.of("vortex:http://a b", binder(Map.of()), null))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageContaining("invalid Vortex URL 'http://a b'");
    }

    @Test
    void tokenAndTokenFile_together_areRefused_namingBoth() {
        assertThatThrownBy(() -> VortexImportSettings.of(
                        "vortex:http://a",
                        binder(Map.of("vortex.token", "a-secret-token", "vortex.token-file", "/run/token")),
                        null))
                .isInstanceOf(VortexConfigDataException.class)
                .hasMessageContaining("both vortex.token and vortex.token-file (/run/token) are set")
                .hasMessageNotContaining("a-secret-token");
        assertThat(VortexImportSettings.of("vortex:http://a", binder(Map.of("vortex.token-file", "/run/token")), null)
                        .tokenFile())
                .isEqualTo(Path.of("/run/token"));
    }

    @Test
    void aBlankLabel_meansTheServersDefault() {
        assertThat(VortexImportSettings.of("vortex:http://a", binder(Map.of("spring.cloud.config.label", " ")), null)
                        .label())
                .isNull();
    }
}

package dev.vortex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSnapshotTest {
    private static final ConfigKey KEY = ConfigKey.of("orders", "prod");

    private static VortexConfig config(String json, Shape shape) throws Exception {
        return ConfigSnapshot.of(KEY, "v1", new ObjectMapper().readTree(json), shape, false);
    }

    @Test
    void flat_usesDottedNamesAndIndexes_inTheNestedOrder() throws Exception {
        VortexConfig config = config(
                "{\"z\":1,\"a\":{\"list\":[{\"n\":1},[2,3]],\"x\":null},\"a.b\":\"conflict kept flat\"}", Shape.NESTED);
        assertThat(config.flat().keySet())
                .containsExactly("z", "a.list[0].n", "a.list[1][0]", "a.list[1][1]", "a.x", "a.b");
        assertThat(config.getString("a.b")).contains("conflict kept flat");
        assertThat(config.getString("a.x")).isEmpty();
    }

    @Test
    void theFlatShape_isNestedBack() throws Exception {
        VortexConfig config = config(
                "{\"a\":1,\"a.b\":2,\"list[0]\":\"x\",\"list[1]\":\"y\",\"m.k[0].n\":3,\"m.j\":true}", Shape.FLAT);
        assertThat(config.nested())
                .isEqualTo(Map.of(
                        "a",
                        1,
                        "a.b",
                        2,
                        "list",
                        List.of("x", "y"),
                        "m",
                        Map.of("k", List.of(Map.of("n", 3)), "j", true)));
        assertThat(config.get("m.k[0]", Map.class)).contains(Map.of("n", 3));
    }

    @Test
    void typedGetters_convertText_andNameTheBadValue() throws Exception {
        VortexConfig config = config(
                "{\"n\":\"42\",\"big\":9999999999,\"t\":\"TRUE\",\"d\":\"PT2M\",\"ms\":250,\"word\":\"abc\","
                        + "\"obj\":{\"k\":1}}",
                Shape.NESTED);
        assertThat(config.getInt("n")).contains(42);
        assertThat(config.getLong("big")).contains(9_999_999_999L);
        assertThat(config.getBoolean("t")).contains(true);
        assertThat(config.getDuration("d")).contains(Duration.ofMinutes(2));
        assertThat(config.getDuration("ms")).contains(Duration.ofMillis(250));
        assertThat(config.getDouble("n")).contains(42.0);

        assertThatThrownBy(() -> config.getInt("word"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("property 'word' of orders:prod is 'abc', not an int");
        assertThatThrownBy(() -> config.getInt("big")).hasMessageContaining("'9999999999', not an int");
        assertThatThrownBy(() -> config.getBoolean("word")).hasMessageContaining("not a boolean");
        assertThatThrownBy(() -> config.getDuration("word")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> config.getString("obj")).hasMessageContaining("'{k=1}', not text");
        assertThatThrownBy(() -> config.get("word", Integer.class)).hasMessageContaining("'word'");
    }

    @Test
    void keysAndPatterns_refuseBadInputByValue() {
        assertThat(ConfigKey.parse("orders:prod,eu:main")).isEqualTo(ConfigKey.of("orders", "prod,eu", "main"));
        assertThat(ConfigKey.parse("orders:prod")).isEqualTo(ConfigKey.of("orders", "prod"));
        assertThat(ConfigKey.parse("orders:prod:").label()).isNull();
        assertThatThrownBy(() -> ConfigKey.parse("orders")).hasMessageContaining("'orders'");
        assertThatThrownBy(() -> KeyPatterns.check("a:b")).hasMessageContaining("'a:b'");
        assertThatThrownBy(() -> KeyPatterns.check("a:b c:*")).hasMessageContaining("part 'b c'");
        assertThat(KeyPatterns.matches("orders:*:*", ConfigKey.of("orders", "prod")))
                .isTrue();
        assertThat(KeyPatterns.matches("orders:*:main", ConfigKey.of("orders", "prod")))
                .isFalse();
    }

    @Test
    void theBuilder_refusesMissingOrBadSettingsByValue() {
        assertThatThrownBy(() -> VortexClient.builder().application("a").build())
                .hasMessageContaining("the server URL is required");
        assertThatThrownBy(() -> VortexClient.builder().url("ftp://host"))
                .hasMessageContaining("invalid server URL 'ftp://host'");
        assertThatThrownBy(() -> VortexClient.builder().url("http://h:1").build())
                .hasMessageContaining("application must not be empty");
        assertThatThrownBy(() -> VortexClient.builder().profiles(" , "))
                .hasMessageContaining("profiles must not be empty");
        assertThatThrownBy(() -> VortexClient.builder().heartbeatTimeout(Duration.ZERO))
                .hasMessageContaining("heartbeat timeout must be positive, was PT0S");
        assertThat(Credentials.bearer("secret").toString()).doesNotContain("secret");
    }

    @Test
    void theWebSocketUrl_isDerivedFromTheBaseUrl() {
        VortexClient client = VortexClient.builder()
                .url("https://gateway.example/config/")
                .application("orders")
                .profiles("prod", "eu")
                .label("release/2")
                .shape(Shape.FLAT)
                .build();
        try {
            ClientSettings settings = client.settingsForTests();
            assertThat(settings.webSocketUri(client.key(), "v 1").toString())
                    .isEqualTo(
                            "wss://gateway.example/config/ws/orders/prod,eu/release(_)2?shape=flat&last_version=v%201");
        } finally {
            client.close();
        }
    }
}

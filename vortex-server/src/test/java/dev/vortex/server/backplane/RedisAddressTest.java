package dev.vortex.server.backplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.server.ServerSettings;
import org.junit.jupiter.api.Test;

class RedisAddressTest {

    @Test
    void acceptsRedisAndRedissAddresses() {
        assertThat(RedisAddress.parse("redis://127.0.0.1:6379").uri()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(RedisAddress.parse("redis://cache.internal").display()).isEqualTo("redis://cache.internal");
        assertThat(RedisAddress.parse("rediss://user:secret@cache.internal:6380/2")
                        .display())
                .isEqualTo("rediss://user:***@cache.internal:6380/2");
    }

    @Test
    void refusesAnythingElseNamingTheValueWithoutItsPassword() {
        assertThatThrownBy(() -> RedisAddress.parse("http://cache:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://cache:6379")
                .hasMessageContaining("redis:// or rediss://");
        assertThatThrownBy(() -> RedisAddress.parse("redis://user:secret@cache:6379/db"))
                .hasMessageContaining("redis://user:***@cache:6379/db")
                .hasMessageContaining("database number")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisAddress.parse("redis://user:secret@cache:99999"))
                .hasMessageContaining("port")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisAddress.parse("redis://user:sec ret@cache"))
                .hasMessageContaining("not a URI")
                .hasMessageNotContaining("sec ret");
        assertThatThrownBy(() -> RedisAddress.parse("redis:///0")).hasMessageContaining("no host");
        assertThatThrownBy(() -> RedisAddress.parse("redis://cache?x=1")).hasMessageContaining("no query");
    }

    @Test
    void localOrNothingMeansASingleInstance() {
        assertThat(ServerSettings.builder().backplane("local").build().backplane())
                .isEmpty();
        assertThat(ServerSettings.builder().backplane(null).build().backplane()).isEmpty();
        assertThat(ServerSettings.builder().backplane("redis://h:1").build().backplane())
                .hasValueSatisfying(address -> assertThat(address.uri()).isEqualTo("redis://h:1"));
        assertThatThrownBy(() -> ServerSettings.builder().backplane("redis"))
                .hasMessageContaining("invalid backplane address redis");
        assertThatThrownBy(() -> ServerSettings.builder().backplaneStream(" ")).hasMessageContaining("stream");
    }
}

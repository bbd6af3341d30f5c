package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.core.shape.ConfigVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionBitsTest {

    @Test
    void aVersion_survivesTheTripToBitsAndBack() {
        String version = ConfigVersion.of(Map.of("a", 1));

        assertThat(VersionBits.text(VersionBits.high(version), VersionBits.low(version)))
                .isEqualTo(version);
    }

    @Test
    void leadingZerosAndTheTopBit_surviveToo() {
        for (String version : new String[] {
            "00000000000000000000000000000000",
            "0000000000000001000000000000000f",
            "ffffffffffffffff8000000000000000",
            "8000000000000000ffffffffffffffff"
        }) {
            assertThat(VersionBits.text(VersionBits.high(version), VersionBits.low(version)))
                    .isEqualTo(version);
        }
    }

    @Test
    void theBits_areThoseOfTheConfigsVersion() {
        ResolvedConfig config =
                ResolvedConfig.remembered(new ConfigKey("orders", "prod", "main"), Map.of("orders.max-items", 3));

        assertThat(VersionBits.text(config.versionHigh(), config.versionLow())).isEqualTo(config.version());
    }

    @Test
    void somethingElse_isRefusedByName() {
        assertThatThrownBy(() -> VersionBits.high("v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'v1'");
        assertThatThrownBy(() -> VersionBits.low("zz".repeat(16))).isInstanceOf(NumberFormatException.class);
    }
}

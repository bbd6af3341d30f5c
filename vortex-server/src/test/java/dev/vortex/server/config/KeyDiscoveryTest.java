package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyDiscoveryTest {

    private static List<String> keys(String... fileNames) {
        return KeyDiscovery.keys(Set.of(fileNames)).stream()
                .map(key -> key.application() + ":" + key.profiles())
                .toList();
    }

    @Test
    void applicationsGetDefault_theirOwnProfiles_andTheSharedOnes() {
        assertThat(keys(
                        "application.yml",
                        "application-dev.properties",
                        "orders.yml",
                        "orders-prod.yml",
                        "billing.yaml"))
                .containsExactlyInAnyOrder(
                        "billing:default", "billing:dev", "orders:default", "orders:dev", "orders:prod");
    }

    @Test
    void dashedApplicationNames_splitAtTheLongestApplicationThatHasAFile() {
        assertThat(keys("my-service.yml", "my-service-prod.yml", "my-service-eu-west.yml"))
                .containsExactlyInAnyOrder("my-service:default", "my-service:eu-west", "my-service:prod");
    }

    @Test
    void aDashedNameWithoutAShorterFile_isAnApplication() {
        assertThat(keys("order-service.yml")).containsExactlyInAnyOrder("order-service:default");
    }

    @Test
    void onlySharedFiles_describeNoApplication() {
        assertThat(keys("application.yml", "application-prod.yml")).isEmpty();
    }
}

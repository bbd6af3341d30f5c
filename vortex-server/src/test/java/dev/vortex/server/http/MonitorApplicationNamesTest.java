package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The names {@code POST /monitor} answers, checked against Spring Cloud Config Monitor's own examples. */
class MonitorApplicationNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // Spring Cloud Config Monitor's PropertyPathEndpointTests
                "application.yml          | *",
                "application-local.yml    | *:local",
                "foo.yml                  | foo",
                "C:\\config\\foo.yml      | foo",
                "foo-local.yml            | foo:local,foo-local",
                "foo-local-dev.yml        | foo:local-dev,foo-local:dev,foo-local-dev",
                "/foo/bar.properties      | bar",
                // The rest of guessServiceName's rules
                "config/orders-prod.yml   | orders:prod,orders-prod",
                "application-prod-eu.yml  | *:prod-eu",
                "applicationextra.yml     | ''",
                "orders                   | orders",
                "orders.tar.gz            | orders.tar",
                "nginx/nginx.conf         | nginx",
            })
    void fromPath_followsSpringCloudConfigMonitor(String path, String expected) {
        List<String> names = expected.isEmpty() ? List.of() : List.of(expected.split(","));

        assertThat(ApplicationNames.fromPath(path)).containsExactlyElementsOf(names);
    }

    @Test
    void fromPath_leavesOutEmptyNames_whereSpringCloudConfigMonitorWouldAnswerThem() {
        assertThat(ApplicationNames.fromPath(".gitignore")).isEmpty();
        assertThat(ApplicationNames.fromPath("config/-prod.yml")).containsExactly("-prod");
    }

    @Test
    void of_severalPaths_keepsFirstAppearanceOrder_withoutDuplicates() {
        PushNotification notification = new PushNotification(
                "test", List.of("/foo/bar.properties", "/application.properties", "bar.yml", "orders-prod.yml"));

        assertThat(ApplicationNames.of(notification)).containsExactly("bar", "*", "orders:prod", "orders-prod");
    }

    @Test
    void of_notificationWithoutFiles_meansAll() {
        assertThat(ApplicationNames.of(PushNotification.everything("Bitbucket Cloud repo:push")))
                .containsExactly("*");
    }
}

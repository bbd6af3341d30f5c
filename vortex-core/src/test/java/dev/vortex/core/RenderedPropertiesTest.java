package dev.vortex.core;

import static dev.vortex.core.TestMaps.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Environment#renderedProperties()}: Spring Cloud Config Server's order and list rules. */
class RenderedPropertiesTest {

    @Test
    void keysComeFromTheLowestSourceUp_listsWholeFromTheHighest_andLast() {
        Environment environment = new Environment(
                "orders",
                List.of("prod"),
                null,
                null,
                null,
                List.of(
                        new PropertySource(
                                "orders-prod", ordered("orders.max-items", "500", "beta", "b", "list[0]", "only")),
                        new PropertySource(
                                "orders",
                                ordered("server.port", 8081, "list[0]", "x", "list[1]", "y", "spring.profiles", "p")),
                        new PropertySource("application", ordered("shared", "s", "server.port", 8080))));

        assertThat(environment.renderedProperties())
                .containsExactly(
                        Map.entry("shared", "s"),
                        Map.entry("server.port", 8081),
                        Map.entry("orders.max-items", "500"),
                        Map.entry("beta", "b"),
                        Map.entry("list[0]", "only"));
    }

    @Test
    void eachListGoesWhereItFirstAppears_withTheItemsOfTheHighestSourceThatHasIt() {
        Environment environment = new Environment(
                "orders",
                List.of("prod"),
                null,
                null,
                null,
                List.of(
                        new PropertySource(
                                "orders-prod", ordered("b[0]", "high-b", "a[0]", "high-a0", "a[1]", "high-a1")),
                        new PropertySource(
                                "application", ordered("a[0]", "low-a0", "b[0]", "low-b0", "b[1]", "low-b1"))));

        assertThat(environment.renderedProperties())
                .containsExactly(
                        Map.entry("a[0]", "high-a0"), Map.entry("a[1]", "high-a1"), Map.entry("b[0]", "high-b"));
    }
}

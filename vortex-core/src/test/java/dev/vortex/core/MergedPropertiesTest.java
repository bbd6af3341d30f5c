package dev.vortex.core;

import static dev.vortex.core.TestMaps.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Environment#mergedProperties()}: values key by key from the highest source, lists whole from the highest
 * source that has them, as Spring Boot's binder reads the sources of Spring Cloud Config's client.
 */
class MergedPropertiesTest {

    /** An environment of {@code sources}, highest precedence first, each {@code key1, value1, ...}. */
    private static Environment environment(Object[]... sources) {
        List<PropertySource> propertySources = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            propertySources.add(new PropertySource("source-" + i, ordered(sources[i])));
        }
        return new Environment("orders", List.of("prod"), null, null, null, propertySources);
    }

    private static Object[] source(Object... keysAndValues) {
        return keysAndValues;
    }

    @Test
    void plainKeys_takeTheHighestValue_sortedByKey() {
        Environment environment = environment(source("b", "high", "c", 3), source("c", 4, "b", "low", "a", "low"));

        assertThat(environment.mergedProperties())
                .containsExactly(Map.entry("a", "low"), Map.entry("b", "high"), Map.entry("c", 3));
    }

    @Test
    void aShorterListAbove_replacesTheWholeListBelow() {
        Environment environment = environment(
                source("endpoints[0]", "high0"),
                source("endpoints[0]", "low0", "endpoints[1]", "low1", "endpoints[2]", "low2", "other", 1));

        assertThat(environment.mergedProperties())
                .containsExactly(Map.entry("endpoints[0]", "high0"), Map.entry("other", 1));
    }

    @Test
    void aListOnlyBelow_orOnlyAbove_isKept() {
        Environment environment = environment(
                source("above[0]", "a0", "above[1]", "a1"), source("below[0]", "b0"), source("below[0]", "lowest"));

        assertThat(environment.mergedProperties())
                .containsOnly(Map.entry("above[0]", "a0"), Map.entry("above[1]", "a1"), Map.entry("below[0]", "b0"));
    }

    @Test
    void whatIsNestedInTheElements_comesWithTheList() {
        Environment environment = environment(
                source("routes[0].id", "r", "matrix[0][0]", "x"),
                source(
                        "routes[0].id", "low",
                        "routes[0].hosts[0]", "h0",
                        "routes[1].id", "second",
                        "matrix[0][1]", "y",
                        "matrix[1][0]", "z"));

        assertThat(environment.mergedProperties())
                .containsExactly(Map.entry("matrix[0][0]", "x"), Map.entry("routes[0].id", "r"));
    }

    @Test
    void aListInsideAMap_isTheNameBeforeItsIndex_andTheMapsOtherKeysMerge() {
        Environment environment = environment(
                source("gateway.routes[0].uri", "high", "gateway.timeout", 5),
                source(
                        "gateway.routes[0].uri", "low",
                        "gateway.routes[1].uri", "low1",
                        "gateway.retries", 3,
                        "gateway.filters[0]", "f"));

        assertThat(environment.mergedProperties())
                .containsExactly(
                        Map.entry("gateway.filters[0]", "f"),
                        Map.entry("gateway.retries", 3),
                        Map.entry("gateway.routes[0].uri", "high"),
                        Map.entry("gateway.timeout", 5));
    }

    @Test
    void aPlainValueAbove_replacesTheListBelow_asSpringBindsItByCommas() {
        Environment environment = environment(
                source("hosts", "x,y", "empty", ""), source("hosts[0]", "a", "hosts[1]", "b", "empty[0]", "c"));

        assertThat(environment.mergedProperties()).containsExactly(Map.entry("empty", ""), Map.entry("hosts", "x,y"));
    }

    @Test
    void aListAbove_replacesAPlainValueBelow() {
        Environment environment = environment(source("hosts[0]", "a"), source("hosts", "x,y"));

        assertThat(environment.mergedProperties()).containsExactly(Map.entry("hosts[0]", "a"));
    }

    @Test
    void aValueAndAListOfOneName_inTheSameSource_areBothKept() {
        Environment environment = environment(source("hosts", "x", "hosts[0]", "a"), source("hosts[1]", "b"));

        assertThat(environment.mergedProperties()).containsExactly(Map.entry("hosts", "x"), Map.entry("hosts[0]", "a"));
    }

    @Test
    void namesThatSpringTakesForOne_areOneList() {
        Environment environment = environment(
                source("my-list[0]", "dashed"),
                source("myList[0]", "camel", "myList[1]", "camel1", "MY_LIST[2]", "upper"),
                source("other.my-list", "a different name"));

        assertThat(environment.mergedProperties())
                .containsExactly(Map.entry("my-list[0]", "dashed"), Map.entry("other.my-list", "a different name"));
    }

    @Test
    void nonNumericBrackets_areMapKeys_mergedKeyByKey() {
        Environment environment = environment(
                source("map[x.y]", "high", "map[a.b].list[0]", "h0"),
                source("map[x.y]", "low", "map[z]", "kept", "map[a.b].list[0]", "l0", "map[a.b].list[1]", "l1"));

        assertThat(environment.mergedProperties())
                .containsExactly(
                        Map.entry("map[a.b].list[0]", "h0"),
                        Map.entry("map[x.y]", "high"),
                        Map.entry("map[z]", "kept"));
    }

    @Test
    void theRenderingsKeepSpringCloudConfigServersOwnRule_aValueBesideAList() {
        Environment environment = environment(source("hosts", "x"), source("hosts[0]", "a", "hosts[1]", "b"));

        assertThat(environment.renderedProperties())
                .containsExactly(Map.entry("hosts", "x"), Map.entry("hosts[0]", "a"), Map.entry("hosts[1]", "b"));
        assertThat(environment.mergedProperties()).containsExactly(Map.entry("hosts", "x"));
    }

    @Test
    void property_looksUpKeyByKey_withoutTheListRule_asPlainFilePlaceholdersDo() {
        Environment environment = environment(
                source("list[0]", "high", "unset", null), source("list[0]", "low0", "list[1]", "low1", "unset", "low"));

        assertThat(environment.property("list[0]")).isEqualTo("high");
        assertThat(environment.property("list[1]")).isEqualTo("low1");
        assertThat(environment.property("unset")).isNull();
        assertThat(environment.property("absent")).isNull();
        assertThat(environment.mergedProperties()).doesNotContainKey("list[1]");
    }
}

package dev.vortex.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.vortex.core.format.ConfigDocument;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderedPropertiesTest {

    private static Map<String, Object> ordered() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("z.last", 1);
        properties.put("a.first", "x");
        properties.put("m.empty", null);
        return properties;
    }

    @Test
    void aCopy_keepsTheOrderAndTheNulls_andNoLaterChangeOfTheOriginalLeaksIn() {
        Map<String, Object> original = ordered();

        OrderedProperties copy = OrderedProperties.copyOf(original);
        original.put("late", true);
        original.remove("z.last");

        assertThat(copy).containsExactly(entry("z.last", 1), entry("a.first", "x"), entry("m.empty", null));
        assertThat(copy).isEqualTo(ordered()).hasSameHashCodeAs(ordered());
        assertThat(copy.get("a.first")).isEqualTo("x");
        assertThat(copy.containsKey("m.empty")).isTrue();
        assertThat(copy).hasToString(ordered().toString());
    }

    @Test
    void nothingCanChangeIt() {
        OrderedProperties copy = OrderedProperties.copyOf(ordered());

        assertThatThrownBy(() -> copy.put("new", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.remove("a.first")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue(2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(copy).hasSize(3);
    }

    @Test
    void copyingACopy_returnsItAsItIs_soThatPropertySourcesShareTheirDocumentsProperties() {
        ConfigDocument document = new ConfigDocument(0, new HashMap<>(Map.of("a", 1)), Optional.empty());

        PropertySource source = new PropertySource("file.yml", document.properties());

        assertThat(OrderedProperties.copyOf(document.properties())).isSameAs(document.properties());
        assertThat(source.source()).isSameAs(document.properties());
    }
}

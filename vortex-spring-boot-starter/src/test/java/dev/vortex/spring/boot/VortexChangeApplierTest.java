package dev.vortex.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.client.PropertyChange;
import dev.vortex.client.PropertyChange.Kind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VortexChangeApplierTest {

    @Test
    void diff_namesModifiedRemovedAndAddedProperties_byFlatName() {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("orders.max-items", 500);
        before.put("orders.currencies[0]", "EUR");
        before.put("orders.currencies[1]", "USD");
        before.put("same", "x");
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("orders.max-items", 600);
        after.put("orders.currencies[0]", "EUR");
        after.put("same", "x");
        after.put("orders.region", "eu");

        assertThat(VortexChangeApplier.diff(before, after))
                .containsExactly(
                        new PropertyChange("orders.max-items", 500, 600, Kind.MODIFIED),
                        new PropertyChange("orders.currencies[1]", "USD", null, Kind.REMOVED),
                        new PropertyChange("orders.region", null, "eu", Kind.ADDED));
    }

    @Test
    void diff_treatsANullValueAsAValue() {
        Map<String, Object> before = new HashMap<>();
        before.put("a", null);
        Map<String, Object> after = Map.of("a", "set");

        assertThat(VortexChangeApplier.diff(before, after))
                .containsExactly(new PropertyChange("a", null, "set", Kind.MODIFIED));
        assertThat(VortexChangeApplier.diff(before, before)).isEmpty();
    }
}

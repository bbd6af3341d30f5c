package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoundedCacheTest {
    @Test
    void keepsTheMostRecentlyUsedEntriesUpToItsCapacity() {
        BoundedCache<String, String> cache = new BoundedCache<>(2);
        cache.get("a", () -> "A");
        cache.get("b", () -> "B");
        cache.get("a", () -> "not computed again");
        cache.get("c", () -> "C");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("a", () -> "recomputed")).isEqualTo("A");
        assertThat(cache.get("b", () -> "recomputed")).isEqualTo("recomputed");
    }

    @Test
    void aFailedComputationLeavesNothingBehind() {
        BoundedCache<String, String> cache = new BoundedCache<>(2);

        assertThatThrownBy(() -> cache.get("a", () -> {
                    throw new IllegalStateException("broken");
                }))
                .hasMessage("broken");
        assertThat(cache.size()).isZero();
        assertThat(cache.get("a", () -> "A")).isEqualTo("A");
    }

    @Test
    void aCapacityBelowOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> new BoundedCache<String, String>(0)).hasMessageContaining("was 0");
    }
}

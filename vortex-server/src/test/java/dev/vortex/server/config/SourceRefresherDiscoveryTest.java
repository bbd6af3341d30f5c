package dev.vortex.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.sources.ConfigSource;
import dev.vortex.sources.NativeConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key discovery reads file names only: it runs after the first refresh and after a change that created, deleted or
 * renamed a file, never after one that only modified files.
 */
class SourceRefresherDiscoveryTest {
    @TempDir
    Path dir;

    @Test
    void discoveryRuns_whenTheFileNamesChange_notWhenOnlyContentsDo() throws Exception {
        Path orders = dir.resolve("orders.yml");
        Files.writeString(orders, "orders:\n  max-items: 1\n");
        Files.setLastModifiedTime(orders, FileTime.fromMillis(1_000_000));
        Vertx vertx = Vertx.vertx();
        ConfigSource source = NativeConfigSource.of(dir);
        AtomicInteger discoveries = new AtomicInteger();
        try (ResolvedConfigCache cache = new ResolvedConfigCache(source, 100, new SimpleMeterRegistry());
                SourceRefresher refresher = new SourceRefresher(
                        vertx, source, cache, discoveries::incrementAndGet, () -> {}, new SimpleMeterRegistry())) {
            refresher.refreshNow();
            assertThat(discoveries).as("the first refresh discovers").hasValue(1);

            Files.writeString(orders, "orders:\n  max-items: 2\n");
            Files.setLastModifiedTime(orders, FileTime.fromMillis(2_000_000));
            assertThat(refresher.refreshNow().isEmpty()).isFalse();
            assertThat(discoveries).as("an edit changes no file name").hasValue(1);

            Path billing = Files.writeString(dir.resolve("billing.yml"), "billing:\n  provider: stripe\n");
            refresher.refreshNow();
            assertThat(discoveries).as("a new file").hasValue(2);

            Files.move(billing, dir.resolve("payments.yml"));
            refresher.refreshNow();
            assertThat(discoveries).as("a renamed file").hasValue(3);

            Files.delete(dir.resolve("payments.yml"));
            refresher.refreshNow();
            assertThat(discoveries).as("a deleted file").hasValue(4);
        } finally {
            vertx.close();
        }
    }
}

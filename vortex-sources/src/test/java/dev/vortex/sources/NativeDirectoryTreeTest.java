package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real directory read through the parsed-file cache its source shares between requests. */
class NativeDirectoryTreeTest {
    private static final RelativePath ORDERS = new RelativePath("orders.yml");
    private static final FileTime MODIFIED = FileTime.fromMillis(1_700_000_000_000L);

    @TempDir
    Path directory;

    final BoundedCache<NativeDirectoryTree.FileVersion, List<ConfigDocument>> cache = new BoundedCache<>(16);

    @Test
    void anUnchangedFileIsParsedOnceForEveryRequest() throws IOException {
        write("orders.yml", "orders: 1\n");

        List<ConfigDocument> first = documents().orElseThrow();
        List<ConfigDocument> second = documents().orElseThrow();

        assertThat(second).isSameAs(first);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aFileEditedInPlaceWithTheSameSizeIsParsedAgain() throws IOException {
        write("orders.yml", "orders: 1\n");
        documents();

        Files.writeString(directory.resolve("orders.yml"), "orders: 2\n");
        Files.setLastModifiedTime(directory.resolve("orders.yml"), FileTime.fromMillis(MODIFIED.toMillis() + 1000));

        assertThat(value()).isEqualTo(2);
    }

    @Test
    void aFileReplacedByARenameWithTheSameSizeAndTimeIsParsedAgain() throws IOException {
        write("orders.yml", "orders: 1\n");
        documents();

        // An editor's or a ConfigMap's atomic swap: another file (inode), same size, same modification time.
        Path replacement = write("orders.yml.tmp", "orders: 3\n");
        Files.move(replacement, directory.resolve("orders.yml"), StandardCopyOption.ATOMIC_MOVE);

        assertThat(value()).isEqualTo(3);
    }

    @Test
    void aDeletedFileIsAbsent() throws IOException {
        write("orders.yml", "orders: 1\n");
        documents();

        Files.delete(directory.resolve("orders.yml"));

        assertThat(documents()).isEmpty();
    }

    private Optional<List<ConfigDocument>> documents() {
        return new NativeDirectoryTree(directory, cache).readDocuments(ORDERS, ConfigFormat.YML);
    }

    private Object value() {
        return documents().orElseThrow().get(0).properties().get("orders");
    }

    private Path write(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, MODIFIED);
        return file;
    }
}

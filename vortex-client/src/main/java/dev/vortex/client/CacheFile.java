package dev.vortex.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local copy of the own key's config: {@code {"application","profile","label","version","config"}}
 * with the nested config. Written atomically (a temporary file in the same directory, then a rename), so a
 * crash leaves the previous copy or the new one, never half of one.
 */
final class CacheFile {
    private static final Logger LOG = LoggerFactory.getLogger(CacheFile.class);

    private final Path file;

    CacheFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The cached config of {@code key}, if the file exists, is readable and holds that key. */
    Optional<ConfigSnapshot> read(ConfigKey key) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = ConfigTrees.JSON.readTree(file.toFile());
            ConfigKey cached = new ConfigKey(
                    root.path("application").asText(null),
                    root.path("profile").asText(null),
                    root.path("label").asText(null));
            if (!sameKey(cached, key)) {
                LOG.warn("cache file {} holds {}, not {}; ignored", file, cached, key);
                return Optional.empty();
            }
            String version = root.path("version").asText(null);
            if (version == null || version.isEmpty()) {
                throw new IOException("no version");
            }
            return Optional.of(ConfigSnapshot.of(cached, version, root.get("config"), Shape.NESTED, true));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cache file {} cannot be read ({}); ignored", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes {@code config} atomically; a failure is logged, not thrown (the cache is a convenience). */
    void write(VortexConfig config) {
        ObjectNode root = ConfigTrees.JSON.createObjectNode();
        root.put("application", config.key().application());
        root.put("profile", config.key().profile());
        root.put("label", config.key().label());
        root.put("version", config.version());
        root.set("config", ConfigTrees.JSON.valueToTree(config.nested()));
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
            try {
                ConfigTrees.JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            LOG.warn("cannot write cache file {}: {}", file, e.toString());
        }
    }

    /** The cached key matches when application and profile do, and the label does or one side has none. */
    private static boolean sameKey(ConfigKey cached, ConfigKey wanted) {
        return cached.application().equals(wanted.application())
                && cached.profile().equals(wanted.profile())
                && (wanted.label() == null || wanted.label().equals(cached.label()));
    }
}

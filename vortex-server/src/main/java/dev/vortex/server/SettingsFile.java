package dev.vortex.server;

import dev.vortex.core.ConfigFormatException;
import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.SecuritySettingsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML settings file ({@code --config}), read once at start by the command line and again by the server
 * when it changes: its {@code security} section, which the server reloads, and the other settings, which take
 * effect on a restart.
 *
 * @param path where it was read from
 * @param security the {@code security} section as flattened properties, lists left indexed (patterns may hold
 *     commas); later documents win
 * @param others every other setting, lists joined with commas ({@code native.locations}); later documents win
 */
public record SettingsFile(Path path, Map<String, String> security, Map<String, String> others) {
    /** Copies the maps, in file order. */
    public SettingsFile {
        security = Collections.unmodifiableMap(new LinkedHashMap<>(security));
        others = Collections.unmodifiableMap(new LinkedHashMap<>(others));
    }

    /**
     * Reads and parses {@code file}. Blocking (file I/O).
     *
     * @throws IllegalArgumentException if the file cannot be read or is not valid YAML, naming it and the
     *     problem
     */
    public static SettingsFile read(Path file) {
        try {
            return parse(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read settings file " + file + ": " + e, e);
        }
    }

    /**
     * Parses the bytes of {@code file}.
     *
     * @throws IllegalArgumentException if they are not valid YAML, naming the file and the problem
     */
    static SettingsFile parse(Path file, byte[] bytes) {
        try {
            List<ConfigDocument> documents = ConfigFormat.YAML.parse(file.toString(), bytes);
            Map<String, String> security = new LinkedHashMap<>();
            for (ConfigDocument document : documents) {
                document.properties().forEach((key, value) -> {
                    if (key.startsWith(SecuritySettingsReader.PREFIX)) {
                        security.put(key, String.valueOf(value));
                    }
                });
            }
            Map<String, String> others = joinLists(documents);
            others.keySet().removeIf(key -> key.startsWith(SecuritySettingsReader.PREFIX));
            return new SettingsFile(file, security, others);
        } catch (ConfigFormatException e) {
            throw new IllegalArgumentException("invalid settings file: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code security} section.
     *
     * @throws IllegalArgumentException naming a bad key or value and the file
     */
    public SecuritySettings securitySettings() {
        try {
            return SecuritySettingsReader.read(security);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (in " + path + ")", e);
        }
    }

    /**
     * Turns {@code a[0]}, {@code a[1]} into one comma-separated {@code a} (the last index of a key, so that
     * {@code b[0].a[1]} joins into {@code b[0].a}); later documents win.
     */
    private static Map<String, String> joinLists(List<ConfigDocument> documents) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigDocument document : documents) {
            Map<String, String> lists = new LinkedHashMap<>();
            document.properties().forEach((key, value) -> {
                int bracket = key.lastIndexOf('[');
                if (bracket > 0 && key.endsWith("]")) {
                    lists.merge(key.substring(0, bracket), String.valueOf(value), (a, b) -> a + "," + b);
                } else {
                    values.put(key, String.valueOf(value));
                }
            });
            values.putAll(lists);
        }
        return values;
    }
}

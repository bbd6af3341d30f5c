package dev.vortex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server's rooms and the direction of their arrows (README, "Layout of the code"): a package may import
 * a package of a lower floor, never one of its own floor (other than itself) or above.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/vortex/server");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?dev\\.vortex\\.server\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);

    /** Floor of each package below {@code dev.vortex.server}; the root package and {@code cli} are the top. */
    private static final Map<String, Integer> FLOORS = Map.of(
            "config", 0,
            "crypto", 0,
            "metrics", 0,
            "backplane", 1,
            "security", 1,
            "realtime.protocol", 2,
            "realtime.wire", 2,
            "realtime", 3,
            "http", 4,
            "cli", 5);

    @Test
    void everyImportBetweenRooms_pointsDown() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String room = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                if (room.isEmpty()) {
                    continue;
                }
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String target = imports.group(1);
                    if (!target.equals(room) && floor(target) >= floor(room)) {
                        upward.add(SOURCES.relativize(file) + " imports " + target);
                    }
                }
            }
        }
        assertThat(upward).isEmpty();
    }

    @Test
    void vertxAndNettyInternals_areUsedOnlyOnTheWire() throws IOException {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".java")).toList()) {
                boolean wire = file.getParent().endsWith(Path.of("realtime", "wire"));
                // The preloader names internal classes only to load them early, by name, without using them;
                // StartPreloaderTest fails when a library update removes one.
                boolean preloader = file.getFileName().toString().equals("StartPreloader.java");
                String text = Files.readString(file);
                if (!wire
                        && !preloader
                        && (text.contains("import io.vertx.core.internal.") || text.contains(".impl."))) {
                    outside.add(SOURCES.relativize(file).toString());
                }
            }
        }
        assertThat(outside).isEmpty();
    }

    private static int floor(String room) {
        Integer floor = FLOORS.get(room);
        if (floor == null) {
            throw new IllegalStateException("package '" + room + "' has no floor in LayeringTest; give it one");
        }
        return floor;
    }
}

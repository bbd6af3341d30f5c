package dev.vortex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The config files the benchmarks serve, in a native directory: a shared {@code application.yml}, the
 * application {@code bench} (whose {@code bench.seq} each change bumps), one file per profile
 * {@code bench-p0.yml}, {@code bench-p1.yml}, ... so that K profiles are K keys with different versions, and
 * an application {@code side} that never changes (what pattern subscribers connect to).
 *
 * <p>Every write is a rename of a complete temporary file, so that the server never reads half a file and
 * announces a version nobody wrote.
 */
public final class SampleRepository {
    static final String APPLICATION = "bench";
    static final String SIDE_APPLICATION = "side";

    private final Path directory;

    /** @param directory where the files go (made when missing) */
    public SampleRepository(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** The profile of key {@code index}: {@code p0}, {@code p1}, ... */
    static String profile(int index) {
        return "p" + index;
    }

    /** Writes every file, {@code bench.seq} at 0, with {@code profiles} profile files. */
    public void writeAll(int profiles) {
        write("application.yml", shared());
        write(SIDE_APPLICATION + ".yml", "side:\n  enabled: true\n  name: side\n");
        for (int i = 0; i < profiles; i++) {
            write(
                    APPLICATION + "-" + profile(i) + ".yml",
                    "profile:\n  index: " + i + "\n  name: " + profile(i) + "\nbench:\n  region: r" + (i % 4) + "\n");
        }
        writeChange(0);
    }

    /** Rewrites {@code bench.yml} with {@code bench.seq} at {@code sequence}: one replaced value per key. */
    public void writeChange(long sequence) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("bench:\n  seq: ").append(sequence).append('\n');
        yaml.append("  name: vortex-bench\n  owner: platform-team\n");
        yaml.append("  features:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("    flag-").append(i).append(": ").append(i % 3 == 0).append('\n');
        }
        yaml.append("  limits:\n");
        for (int i = 0; i < 10; i++) {
            yaml.append("    limit-")
                    .append(i)
                    .append(": ")
                    .append(100 * (i + 1))
                    .append('\n');
        }
        yaml.append("  endpoints:\n");
        for (int i = 0; i < 5; i++) {
            yaml.append("    - https://service-").append(i).append(".internal.example.com/api\n");
        }
        write(APPLICATION + ".yml", yaml.toString());
    }

    /**
     * Writes {@code application.yml} of about {@code bytes} in which every value carries {@code sequence}, so
     * that each change replaces the whole config: {@code APP.seq} then {@code APP.values.k0}, {@code k1}, ...
     */
    void writeLarge(String application, long sequence, int bytes) {
        StringBuilder yaml = new StringBuilder(bytes + 64);
        yaml.append(application).append(":\n  seq: ").append(sequence).append("\n  values:\n");
        for (int i = 0; yaml.length() < bytes; i++) {
            yaml.append("    k")
                    .append(i)
                    .append(": v")
                    .append(sequence)
                    .append("-abcdefghijklmnopqrstuvwxyz-")
                    .append(i)
                    .append('\n');
        }
        write(application + ".yml", yaml.toString());
    }

    /** About 60 properties that every application inherits, as a real {@code application.yml} holds. */
    private static String shared() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("server:\n  port: 8080\n  shutdown: graceful\n  compression:\n    enabled: true\n");
        yaml.append("spring:\n  datasource:\n    url: jdbc:postgresql://db.internal:5432/app\n");
        yaml.append("    username: app\n    hikari:\n      maximum-pool-size: 20\n      minimum-idle: 5\n");
        yaml.append("  jackson:\n    default-property-inclusion: non_null\n");
        yaml.append("management:\n  endpoints:\n    web:\n      exposure:\n        include: health,info,prometheus\n");
        yaml.append("logging:\n  level:\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("    com.example.module").append(i).append(": ").append(i % 5 == 0 ? "DEBUG" : "INFO");
            yaml.append('\n');
        }
        yaml.append("http:\n  clients:\n");
        for (int i = 0; i < 8; i++) {
            yaml.append("    client-")
                    .append(i)
                    .append(":\n      connect-timeout: ")
                    .append(250 * (i + 1));
            yaml.append("ms\n      read-timeout: ").append(1000 * (i + 1)).append("ms\n");
        }
        return yaml.toString();
    }

    private void write(String name, String content) {
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve("." + name + ".tmp");
            Files.writeString(temporary, content);
            Files.move(
                    temporary,
                    directory.resolve(name),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory.resolve(name), e);
        }
    }
}

package dev.vortex.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/vortex}'s class-data archive (an ahead-of-time cache on JDK 25+): made by a server start (the classes a
 * start needs), never by another command, whose classes would make every later start slower. Runs the real script over the packaged jar, in a
 * copy of the checkout's layout so that the real checkout's archive is left alone.
 */
class VortexScriptArchiveTest {

    @Test
    void onlyAServerStartMakesTheArchive(@TempDir Path home, @TempDir Path repository) throws Exception {
        // The JDK running the tests (17 in CI): a class-data archive.
        Path javaHome = Path.of(System.getProperty("java.home"));
        assertOnlyAServerStartMakesTheArchive(home, repository, javaHome);

        if (release(javaHome).startsWith("17.") || release(javaHome).startsWith("18.")) {
            // A static archive: it holds picocli's Java 5 class files, which a dynamic one leaves out.
            String loaded = run(installedScript(home), javaHome, "-Xlog:class+load=info", "--version");
            assertThat(loaded).contains("picocli.CommandLine source: shared objects file");
            assertThat(loaded).contains("dev.vortex.server.cli.VortexCommand source: shared objects file");
        }
    }

    @Test
    void onJdk25_theArchiveIsAnAheadOfTimeCache(@TempDir Path home, @TempDir Path repository) throws Exception {
        Path jdk25 = jdk(25);
        assumeTrue(jdk25 != null, "no JDK 25 under /usr/lib/jvm");

        assertOnlyAServerStartMakesTheArchive(home, repository, jdk25);

        assertThat(archives(home)).singleElement().satisfies(archive -> assertThat(archive.toString())
                .endsWith("-jdk-" + release(jdk25) + ".aot"));
        // The next start runs with the cache.
        try (VortexProcess server =
                VortexProcess.launch(serve(installedScript(home), repository), Map.of("JAVA_HOME", jdk25.toString()))) {
            assertThat(server.output()).doesNotContain("AOTCache");
        }
    }

    private static void assertOnlyAServerStartMakesTheArchive(Path home, Path repository, Path javaHome)
            throws Exception {
        Path script = installedScript(home);
        Files.writeString(repository.resolve("orders.yml"), "greeting: hello\n");

        run(script, javaHome, "", "--version");
        assertThat(archives(home)).as("archives after --version").isEmpty();

        VortexProcess server =
                VortexProcess.launch(serve(script, repository), Map.of("JAVA_HOME", javaHome.toString()));
        assertThat(server.terminate()).as(server.output()).isTrue();

        assertThat(archives(home)).as("archives after a server start").hasSize(1);
    }

    /** Runs the script with {@code javaOpts} as {@code JAVA_OPTS}; its output, once it exited with 0. */
    static String run(Path script, Path javaHome, String javaOpts, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("JAVA_OPTS", javaOpts);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static List<String> serve(Path script, Path repository) {
        return List.of(
                script.toString(), "serve", "--host", "127.0.0.1", "--port", "0", "--native", repository.toString());
    }

    /** A JDK of that major version under /usr/lib/jvm, or null. */
    private static Path jdk(int major) throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> release(home).startsWith(major + "."))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** The JAVA_VERSION of a JDK's release file, as bin/vortex reads it; empty if none. */
    private static String release(Path home) {
        try {
            return Files.readAllLines(home.resolve("release")).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .findFirst()
                    .orElse("");
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** bin/vortex and the files it sources, with the packaged jar where the script looks for it. */
    static Path installedScript(Path home) throws Exception {
        Path checkout = Path.of(System.getProperty("user.dir")).getParent();
        Path bin = Files.createDirectories(home.resolve("bin"));
        if (Files.exists(bin.resolve("vortex"))) {
            return bin.resolve("vortex");
        }
        for (String name : List.of("vortex", "vortex-jvm-defaults", "vortex-build-when-stale")) {
            Files.copy(checkout.resolve("bin").resolve(name), bin.resolve(name));
            Files.setPosixFilePermissions(bin.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path jar = Path.of(VortexProcess.javaJar().get(2));
        Path target = Files.createDirectories(home.resolve("vortex-server").resolve("target"));
        Files.createSymbolicLink(target.resolve(jar.getFileName()), jar);
        return bin.resolve("vortex");
    }

    private static List<Path> archives(Path home) throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("vortex-server").resolve("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsa")
                            || file.getFileName().toString().endsWith(".aot"))
                    .toList();
        }
    }
}

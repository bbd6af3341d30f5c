package dev.vortex.compat;

import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code bin/vortex}'s class-data archive: made by a server start (the classes a start needs), never by another
 * command, whose classes would make every later start slower. Runs the real script over the packaged jar, in a
 * copy of the checkout's layout so that the real checkout's archive is left alone.
 */
class VortexScriptArchiveTest {

    @Test
    void onlyAServerStartMakesTheArchive(@TempDir Path home, @TempDir Path repository) throws Exception {
        Path script = installedScript(home);
        Files.writeString(repository.resolve("orders.yml"), "greeting: hello\n");

        Process version = new ProcessBuilder(script.toString(), "--version")
                .redirectErrorStream(true)
                .start();
        String versionOutput = new String(version.getInputStream().readAllBytes());
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).as(versionOutput).isZero();
        assertThat(archives(home)).as("archives after --version").isEmpty();

        VortexProcess server = VortexProcess.launch(
                List.of(
                        script.toString(),
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--native",
                        repository.toString()),
                Map.of());
        assertThat(server.terminate()).as(server.output()).isTrue();

        assertThat(archives(home)).as("archives after a server start").hasSize(1);
    }

    /** bin/vortex and its defaults, with the packaged jar where the script looks for it. */
    private static Path installedScript(Path home) throws Exception {
        Path checkout = Path.of(System.getProperty("user.dir")).getParent();
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String name : List.of("vortex", "vortex-jvm-defaults")) {
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
            return files.filter(file -> file.getFileName().toString().endsWith(".jsa"))
                    .toList();
        }
    }
}

package dev.vortex.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/vortex} builds the server jar when a source is newer than its last build, and only then. Runs the real
 * script in a copy of the checkout's layout whose {@code mvnw} records each call and leaves the jar alone, as Maven
 * does when the jar's content did not change (an edited test, a module's README).
 */
class VortexScriptBuildTest {

    @Test
    void anEditThatLeavesTheJarAlone_costsOneBuild_notOneOnEveryStart(@TempDir Path home) throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path script = VortexScriptArchiveTest.installedScript(home);
        Path builds = home.resolve("builds.log");
        Path mvnw = home.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\necho \"$*\" >> '" + builds + "'\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path test = Files.createDirectories(home.resolve("vortex-server/src/test/java"))
                .resolve("SomeTest.java");

        assertThat(VortexScriptArchiveTest.run(script, javaHome, "", "--version"))
                .doesNotContain("building");
        assertThat(builds).doesNotExist();

        edit(test);
        assertThat(VortexScriptArchiveTest.run(script, javaHome, "", "--version"))
                .contains("vortex: building the vortex-server jar");
        assertThat(Files.readAllLines(builds)).hasSize(1);

        // The jar is as old as before: the next starts must not build again for the same edit.
        assertThat(VortexScriptArchiveTest.run(script, javaHome, "", "--version"))
                .doesNotContain("building");
        assertThat(VortexScriptArchiveTest.run(script, javaHome, "", "--version"))
                .doesNotContain("building");
        assertThat(Files.readAllLines(builds)).hasSize(1);

        // A later edit builds again.
        edit(test);
        assertThat(VortexScriptArchiveTest.run(script, javaHome, "", "--version"))
                .contains("vortex: building the vortex-server jar");
        assertThat(Files.readAllLines(builds)).hasSize(2);
    }

    /**
     * Writes {@code file} later than anything the script stamped before: file times here move in clock ticks of a
     * few milliseconds, so the edit waits a little first.
     */
    private static void edit(Path file) throws Exception {
        Thread.sleep(50);
        Files.writeString(file, "class SomeTest {}\n");
    }
}

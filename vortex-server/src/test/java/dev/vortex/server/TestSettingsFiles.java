package dev.vortex.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Settings files ({@code --config}) for the tests that start a server from one and change it while it runs. */
public final class TestSettingsFiles {
    private TestSettingsFiles() {}

    /**
     * Has {@code builder} start a server from {@code file}: the file it watches, and the {@code security}
     * section as it reads now (what the command line does at start).
     */
    public static ServerSettings.Builder from(ServerSettings.Builder builder, Path file) {
        return builder.settingsFile(file).security(SettingsFile.read(file).securitySettings());
    }

    /**
     * Replaces {@code file} at once (a temporary file beside it, then a rename), as an editor or a config map
     * update would: the server's poll never reads it half written.
     */
    public static void replace(Path file, String content) {
        try {
            Path temporary = Files.createTempFile(file.getParent(), ".settings-", ".tmp");
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.vortex.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.client.VortexClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VortexTokenFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFileAtEachCall_trimmed() throws Exception {
        Path file = dir.resolve("token");
        VortexTokenFile tokens = new VortexTokenFile(file);
        Files.writeString(file, "first-token\n");
        assertThat(tokens.get()).isEqualTo("first-token");
        Files.writeString(file, "  second-token\r\n");
        assertThat(tokens.get()).isEqualTo("second-token");
    }

    @Test
    void aMissingOrEmptyFile_isAFailureNamingTheFile() throws Exception {
        Path file = dir.resolve("token");
        assertThatThrownBy(() -> new VortexTokenFile(file).get())
                .isInstanceOf(VortexClientException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("vortex.token-file")
                .hasMessageContaining("does not exist");
        Files.writeString(file, " \n");
        assertThatThrownBy(() -> new VortexTokenFile(file).get())
                .isInstanceOf(VortexClientException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> new VortexTokenFile(dir).get())
                .as("a directory")
                .isInstanceOf(VortexClientException.class)
                .hasMessageContaining("cannot be read");
    }
}

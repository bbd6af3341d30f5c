package dev.vortex.spring.boot;

import dev.vortex.client.VortexClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code vortex.token-file}: the bearer token of the push connection, read from a file each time the client asks (at
 * each connection and reconnection, and before the token in use expires), so that a token rotated on disk (a
 * Kubernetes projected service-account token) is picked up without a restart. The content is trimmed (files often end
 * with a newline).
 *
 * <p>A file that is missing, unreadable or empty is reported as a {@link VortexClientException} naming the file: the
 * client takes it as final, as it takes bad credentials (it logs the error and stops; health shows the failure).
 */
record VortexTokenFile(Path path) implements Supplier<String> {

    @Override
    public String get() {
        String token;
        try {
            token = Files.readString(path, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw unusable("does not exist", e);
        } catch (IOException | UncheckedIOException e) {
            throw unusable("cannot be read (" + e + ")", e);
        }
        if (token.isEmpty()) {
            throw unusable("is empty", null);
        }
        return token;
    }

    private VortexClientException unusable(String problem, Throwable cause) {
        return new VortexClientException(
                "the bearer token file " + path.toAbsolutePath() + " (vortex.token-file) " + problem, -1, cause);
    }

    @Override
    public String toString() {
        return "VortexTokenFile[" + path + "]";
    }
}

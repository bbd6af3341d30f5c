package dev.vortex.server.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Makes real keystores with the JDK's {@code keytool}, as operators make them. */
public final class Keystores {
    private Keystores() {}

    /** A keystore of {@code type} at {@code file} with one 2048-bit RSA key pair under {@code alias}. */
    public static Path rsa(Path file, String type, String password, String alias) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        alias,
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=vortex-test",
                        "-validity",
                        "3650",
                        "-storetype",
                        type,
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        password,
                        "-keypass",
                        password)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return file;
    }
}

package dev.vortex.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.springframework.security.crypto.bcrypt.BCrypt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vortex hash-password}: reads a password (from the terminal without echo, or the first line of
 * standard input) and prints its bcrypt hash, for a user's {@code password-hash} in the settings file. The
 * password is never an argument, so that it stays out of shell history and process lists.
 */
@Command(
        name = "hash-password",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Reads a password from the terminal (or the first line of standard input) and prints its bcrypt hash,"
                    + " for security.users[].password-hash in the settings file."
        })
final class HashPasswordCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--cost",
            paramLabel = "N",
            defaultValue = "10",
            description = "bcrypt's cost: 2^N rounds, between 4 and 31; each step doubles the time a check takes."
                    + " Default: ${DEFAULT-VALUE}.")
    int cost;

    @Override
    public Integer call() throws IOException {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("--cost must be between 4 and 31, was " + cost);
        }
        String password = readPassword();
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("no password given (an empty one is refused)");
        }
        spec.commandLine().getOut().println(BCrypt.hashpw(password, BCrypt.gensalt(cost)));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] password = console.readPassword("Password: ");
            return password == null ? null : new String(password);
        }
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}

package dev.vortex.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VortexCommandTest {

    @Test
    void aNamedSubcommand_isTheOnlyOneBuilt() {
        assertThat(VortexCommand.commandLine(new String[] {"serve", "--port", "0"})
                        .getSubcommands()
                        .keySet())
                .containsExactly("serve", "help");
        assertThat(VortexCommand.commandLine(new String[] {"hash-password"})
                        .getSubcommands()
                        .keySet())
                .containsExactly("hash-password", "help");
    }

    @Test
    void withoutASubcommand_theUsageListsEveryOne() {
        Run run = run("--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("serve", "watch", "hash-password", "help");
    }

    @Test
    void help_findsTheSubcommandItNames() {
        Run run = run("help", "serve");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Usage: vortex serve").contains("--port");
    }

    @Test
    void aMistypedSubcommand_isRefusedWithASuggestion() {
        Run run = run("serv");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("serv").contains("serve");
    }

    @Test
    void aSubcommandsOwnHelp_works() {
        Run run = run("watch", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Usage: vortex watch");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = VortexCommand.commandLine(args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {}
}

package dev.vortex.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vortex}: the command line entry point. */
@Command(
        name = "vortex",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Vortex: a Spring Cloud Config compatible configuration server.",
            "Run 'vortex serve --help' for the server's settings, 'vortex watch --help' to follow a key."
        },
        subcommands = {ServeCommand.class, WatchCommand.class, HashPasswordCommand.class, CommandLine.HelpCommand.class
        })
public final class VortexCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        selectLogFormat(System.getenv("VORTEX_LOG_FORMAT"), args);
        int exitCode = commandLine(args).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /**
     * Picks the logging before the first logger exists ({@link CliLogging} sets it up): {@code json} for one JSON
     * object per line, anything else for plain text; {@code watch} logs warnings to stderr only, since its stdout
     * is its output. An explicit {@code -Dlogback.configurationFile} wins.
     */
    static void selectLogFormat(String format, String[] args) {
        if (System.getProperty("logback.configurationFile") != null) {
            return;
        }
        String chosen = args.length > 0 && args[0].equals("watch")
                ? "watch"
                : "json".equalsIgnoreCase(format) ? "json" : "plain";
        System.setProperty(CliLogging.FORMAT_PROPERTY, chosen);
    }

    /**
     * Builds the command line with the settings file named by {@code --config} (or {@code VORTEX_CONFIG})
     * and the environment as sources of defaults.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine commandLine = new CommandLine(new VortexCommand());
        commandLine.setDefaultValueProvider(SettingsDefaults.load(args, System.getenv()));
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("vortex: " + exception.getMessage());
            return 1;
        });
        return commandLine;
    }

    /** Without a subcommand, show the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

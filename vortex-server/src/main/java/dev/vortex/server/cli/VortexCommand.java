package dev.vortex.server.cli;

import dev.vortex.server.StartPreloader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
        })
public final class VortexCommand implements Runnable {

    /**
     * The subcommands, by name. Picocli builds a command's model by reflection over its annotations, which is a
     * good part of a start ({@code serve} alone has ~60 options, and {@code watch} pulls in the client's
     * classes): {@link #commandLine} adds only the subcommand that the first argument names.
     */
    private static final String NETTY_JFR_PROPERTY = "io.netty.jfr.enabled";

    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        selectLogFormat(System.getenv("VORTEX_LOG_FORMAT"), args);
        // Netty 4.2 registers JFR events for its buffer allocator when JFR is present, and the first buffer then
        // sets up JFR's event machinery: ~0.1 s of a start, for events that nobody records unless they ask.
        // -Dio.netty.jfr.enabled=true brings them back.
        if (System.getProperty(NETTY_JFR_PROPERTY) == null) {
            System.setProperty(NETTY_JFR_PROPERTY, "false");
        }
        if (args.length > 0 && args[0].equals("serve") && !"false".equals(System.getProperty("vortex.preload"))) {
            StartPreloader.startInBackground();
        }
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
        CommandLine commandLine = withSubcommands(args.length > 0 ? args[0] : null);
        commandLine.setDefaultValueProvider(SettingsDefaults.load(args, System.getenv()));
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("vortex: " + exception.getMessage());
            return 1;
        });
        return commandLine;
    }

    /**
     * The command line with every subcommand, as {@code vortex --help} and {@code vortex help serve} show it.
     */
    static CommandLine withAllSubcommands() {
        return withSubcommands(null);
    }

    /**
     * The command line with the subcommand named {@code first} only, when it names one; otherwise with all of
     * them (no arguments, an option, {@code help}, or a mistyped name, which picocli answers with suggestions).
     */
    private static CommandLine withSubcommands(String first) {
        CommandLine commandLine = new CommandLine(new VortexCommand());
        SUBCOMMANDS.forEach((name, command) -> {
            if (first == null || !SUBCOMMANDS.containsKey(first) || first.equals(name)) {
                commandLine.addSubcommand(name, command.get());
            }
        });
        // Always there: a small command, and `help NAME` needs the others, which a first argument "help" adds.
        commandLine.addSubcommand("help", new CommandLine.HelpCommand());
        return commandLine;
    }

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("serve", ServeCommand::new);
        subcommands.put("watch", WatchCommand::new);
        subcommands.put("hash-password", HashPasswordCommand::new);
        return subcommands;
    }

    /** Without a subcommand, show the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

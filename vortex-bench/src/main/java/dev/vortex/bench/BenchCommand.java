package dev.vortex.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vortex-bench}: the load generator and the micro-benchmarks. */
@Command(
        name = "vortex-bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        subcommands = {
            ConnectionsCommand.class,
            FanoutCommand.class,
            HttpCommand.class,
            WireCommand.class,
            SlowReadersCommand.class,
            JmhCommand.class
        },
        description = {
            "Measures a Vortex server: concurrent connections and memory per connection, fan-out latency of"
                    + " changes, HTTP throughput, and JMH micro-benchmarks of the hot paths.",
            "",
            "Each load benchmark starts a server in this process unless --url names a running one; see"
                    + " BENCHMARKS.md.",
            ""
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 a correctness check failed, 2 bad usage). */
    static int execute(String... args) {
        if (!Arrays.asList(args).contains("--verbose")) {
            // The server logs a line per WebSocket open and close: 10,000 connections would measure the logger.
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        }
        return new CommandLine(new BenchCommand()).execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }
}

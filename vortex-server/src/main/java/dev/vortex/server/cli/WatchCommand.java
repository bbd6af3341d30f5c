package dev.vortex.server.cli;

import dev.vortex.client.Backoff;
import dev.vortex.client.ConfigChange;
import dev.vortex.client.ConnectionState;
import dev.vortex.client.PropertyChange;
import dev.vortex.client.VortexClient;
import dev.vortex.client.VortexClientException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vortex watch APP PROFILE [LABEL]}: follows one key with the Java client and prints its config, then
 * each change as it arrives, until interrupted.
 *
 * <p>Output (stdout): the snapshot as {@code name: value} lines under a header with the time and version;
 * then, per change, a header {@code TIME KEY OLD → NEW} and one line per property: {@code ~ name: old → new},
 * {@code + name: value}, {@code - name: value}. Connection events go to stdout too ({@code # ...} lines), or
 * to stderr with {@code --json}, where stdout carries the server's raw messages only, one per line.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Follows the config of APP PROFILE [LABEL] on a running Vortex server over WebSocket: prints it, then"
                    + " each change as it happens (~ changed, + added, - removed), and reconnects when the"
                    + " connection is lost. Ctrl-C stops.",
            "Exit code 1 when the server is unreachable at start or refuses the key (401, 403, 404).",
            ""
        })
final class WatchCommand implements Callable<Integer> {
    /** How long the first config may take before the command gives up. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The application name.")
    String application;

    @Parameters(index = "1", paramLabel = "PROFILE", description = "The profile, or profiles (prod,eu).")
    String profile;

    @Parameters(index = "2", arity = "0..1", paramLabel = "LABEL", description = "The label (default: the server's).")
    String label;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "http://localhost:8888",
            description = "The server's base URL. Default: ${DEFAULT-VALUE}.")
    URI url;

    @Option(names = "--json", description = "Print the server's raw messages, one JSON object per line.")
    boolean json;

    private final Clock clock;

    WatchCommand() {
        this(Clock.systemUTC());
    }

    WatchCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter events = json ? err : out;
        CountDownLatch failed = new CountDownLatch(1);
        VortexClient.Builder builder = VortexClient.builder()
                .url(url)
                .application(application)
                .profiles(profile)
                .label(label)
                .reconnect(Backoff.fullJitter(Duration.ofMillis(500), Duration.ofSeconds(10)));
        if (json) {
            builder.rawMessageListener(message -> print(out, message));
        }
        try (VortexClient client = builder.build()) {
            if (!json) {
                client.addListener(change -> print(out, describe(change)));
            }
            client.addConnectionListener(new ConnectionEvents(events, failed));
            Thread shutdownHook = new Thread(client::close, "vortex-watch-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            try {
                client.start().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                failed.await();
                err.println("vortex watch: the connection failed; see the log above");
                return 1;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                String message = cause instanceof VortexClientException ? cause.getMessage() : String.valueOf(cause);
                err.println("vortex watch: " + message);
                return 1;
            } catch (TimeoutException e) {
                err.println("vortex watch: no config for " + client.key() + " from " + url + " within "
                        + START_TIMEOUT.toSeconds() + " s");
                return 1;
            } catch (InterruptedException e) {
                // Ctrl-C (the shutdown hook closes the client) or a test stopping the command.
                return 0;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs anyway
                }
            }
        }
    }

    private static void print(PrintWriter out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    /** The lines of one change: a header, then the snapshot or the changed properties. */
    String describe(ConfigChange change) {
        StringBuilder text =
                new StringBuilder(now()).append(' ').append(change.key()).append(' ');
        if (change.previous() == null) {
            text.append("version ").append(change.newVersion());
            if (change.config().fromCache()) {
                text.append(" (from the cache)");
            }
            for (Map.Entry<String, Object> property : change.config().flat().entrySet()) {
                text.append('\n').append(property.getKey()).append(": ").append(property.getValue());
            }
            return text.toString();
        }
        text.append(change.oldVersion()).append(" → ").append(change.newVersion());
        for (PropertyChange property : change.changes()) {
            text.append('\n');
            switch (property.kind()) {
                case MODIFIED ->
                    text.append("~ ")
                            .append(property.name())
                            .append(": ")
                            .append(property.oldValue())
                            .append(" → ")
                            .append(property.newValue());
                case ADDED ->
                    text.append("+ ").append(property.name()).append(": ").append(property.newValue());
                case REMOVED ->
                    text.append("- ").append(property.name()).append(": ").append(property.oldValue());
            }
        }
        return text.toString();
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Prints connection losses and recoveries (not the first connection: the snapshot says that). */
    private final class ConnectionEvents implements dev.vortex.client.ConnectionListener {
        private final PrintWriter events;
        private final CountDownLatch failed;
        private boolean lost;

        ConnectionEvents(PrintWriter events, CountDownLatch failed) {
            this.events = events;
            this.failed = failed;
        }

        @Override
        public void onStateChange(ConnectionState state) {
            switch (state) {
                case DISCONNECTED -> {
                    if (!lost) {
                        lost = true;
                        print(events, "# " + now() + " connection lost; reconnecting");
                    }
                }
                case CONNECTED -> {
                    if (lost) {
                        lost = false;
                        print(events, "# " + now() + " reconnected");
                    }
                }
                case FAILED -> failed.countDown();
                default -> {}
            }
        }
    }
}

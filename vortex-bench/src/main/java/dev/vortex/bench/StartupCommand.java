package dev.vortex.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vortex-bench startup}: starts the real {@code bin/vortex serve} process several times and times each from
 * the moment the process was started to the first answered {@code GET}: what a user waits for after typing the
 * command, the JVM's start, class loading and the script included.
 */
@Command(
        name = "startup",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Starts `bin/vortex serve --port P` (the embedded sample repository) --runs times and reports the"
                    + " min/median/max time from process start to the first 200 of GET --path. One unmeasured"
                    + " run first (it builds the jar, and the class-data archive, if they are missing).",
            ""
        })
final class StartupCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--runs", paramLabel = "N", description = "Measured starts. Default: 5 (quick: 2).")
    Integer runs;

    @Option(
            names = "--vortex",
            paramLabel = "SCRIPT",
            description = "The start script. Default: bin/vortex next to this benchmark's bin/vortex-bench"
                    + " (vortex.home), else ./bin/vortex.")
    Path script;

    @Option(
            names = "--path",
            paramLabel = "PATH",
            defaultValue = "/orders/default",
            description = "The GET that must answer 200. Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(
            names = "--timeout-seconds",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description = "Give up on a start after this long. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    /** Arguments after {@code --} go to {@code bin/vortex serve}, e.g. {@code -- --native DIR}. */
    @picocli.CommandLine.Parameters(paramLabel = "SERVE_ARGS", description = "More arguments for bin/vortex serve.")
    List<String> serveArguments = new ArrayList<>();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    @Override
    public Integer call() {
        Path vortex = script != null ? script : defaultScript();
        if (!Files.isExecutable(vortex)) {
            System.err.println("--vortex " + vortex + " is not an executable file");
            return 2;
        }
        int measured = common.pick(runs, 2, 5);
        if (measured < 1) {
            System.err.println("--runs must be at least 1, was " + measured);
            return 2;
        }
        Report report = new Report("startup");
        report.add("command", "command", vortex + " serve --port P " + String.join(" ", serveArguments));
        report.add("java_opts", "JAVA_OPTS", String.valueOf(System.getenv("JAVA_OPTS")));
        long first = start(vortex);
        report.add("first_run_ms", "first (unmeasured) run", first < 0 ? -1 : first / 1e6, 0, "ms");
        double[] millis = new double[measured];
        int failed = first < 0 ? 1 : 0;
        for (int i = 0; i < measured; i++) {
            long nanos = start(vortex);
            failed += nanos < 0 ? 1 : 0;
            millis[i] = nanos / 1e6;
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        report.add("runs", "measured runs", measured);
        report.add("min_ms", "process start -> first 200, min", sorted[0], 0, "ms");
        report.add("median_ms", "process start -> first 200, median", sorted[sorted.length / 2], 0, "ms");
        report.add("max_ms", "process start -> first 200, max", sorted[sorted.length - 1], 0, "ms");
        report.add(
                "all_ms",
                "each run",
                Arrays.toString(Arrays.stream(millis).mapToLong(Math::round).toArray()));
        report.check("all_answered", "every start answered GET " + path, failed == 0, failed + " start(s) failed");
        return common.finish(List.of(report));
    }

    private static Path defaultScript() {
        String home = System.getProperty("vortex.home");
        return Path.of(home != null ? home : ".", "bin", "vortex").toAbsolutePath();
    }

    /** One start: nanoseconds from the process's start to the first 200, or -1 when it never came. */
    private long start(Path vortex) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(vortex.toString(), "serve", "--port", Integer.toString(port)));
        command.addAll(serveArguments);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        Process process = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log()));
            long started = System.nanoTime();
            process = builder.start();
            long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (answered(request)) {
                    return System.nanoTime() - started;
                }
                Await.sleepMillis(2);
            }
            System.err.println("startup: " + command + " did not answer GET " + path + " (see " + log() + ")");
            return -1;
        } catch (IOException e) {
            System.err.println("startup: cannot start " + command + ": " + e.getMessage());
            return -1;
        } finally {
            if (process != null) {
                stop(process);
            }
        }
    }

    private boolean answered(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // Not listening yet.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM to the script's JVM (bin/vortex execs it, so it is the same process), then waits. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static File log() {
        return new File(System.getProperty("java.io.tmpdir"), "vortex-bench-startup.log");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }
}

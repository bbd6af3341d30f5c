package dev.vortex.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged Vortex jar running in its own JVM, as users run it, with its output captured. Shared as a test-jar
 * with vortex-spring-boot-starter-tests and vortex-bench-spring, whose Spring Boot libraries must not meet the
 * server's.
 */
public final class VortexProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (https?)://[^ ]+:(\\d+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    /** {@code https} when the server was given a certificate, {@code http} otherwise. */
    private volatile String scheme = "http";

    private final Thread reader;

    private VortexProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "vortex-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -jar vortex.jar serve --host 127.0.0.1 --port 0 <args>} and waits until it listens. */
    public static VortexProcess start(String... serveArgs) throws Exception {
        return start(java.util.Map.of(), serveArgs);
    }

    /** As {@link #start(String...)}, with extra environment variables for the process. */
    public static VortexProcess start(java.util.Map<String, String> environment, String... serveArgs) throws Exception {
        return start(0, environment, serveArgs);
    }

    /** As {@link #start(String...)}, on a given port (a restart on the port a first process had). */
    public static VortexProcess start(int port, java.util.Map<String, String> environment, String... serveArgs)
            throws Exception {
        List<String> command = javaJar("serve", "--host", "127.0.0.1", "--port", String.valueOf(port));
        command.addAll(List.of(serveArgs));
        return launch(command, environment);
    }

    /**
     * Runs {@code command}, which starts a Vortex server (the {@code bin/vortex} script, say), and waits until it
     * listens.
     */
    public static VortexProcess launch(List<String> command, java.util.Map<String, String> environment)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        VortexProcess vortex = new VortexProcess(process);
        try {
            vortex.port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Why, before the output (which may be empty): no "listening" line within the minute, or an exit.
            String why = e instanceof java.util.concurrent.TimeoutException
                    ? "no \"listening\" line within 60 s"
                    : String.valueOf(e.getCause() == null ? e : e.getCause()).replaceFirst("^[\\w.$]+: ", "");
            boolean exited = !process.isAlive();
            vortex.close();
            throw new IllegalStateException(
                    "Vortex did not start (" + why
                            + (exited ? ", exit code " + process.exitValue() : "") + "); its output: "
                            + vortex.output(),
                    e);
        }
        return vortex;
    }

    /** {@code java -jar vortex.jar ARGS}, the packaged jar checked. */
    public static List<String> javaJar(String... args) {
        String jar = System.getProperty("vortex.jar", "");
        if (!jar.endsWith(".jar") || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the packaged server jar is missing (vortex.jar='" + jar
                    + "'); run these tests with './mvnw verify', which packages vortex-server first");
        }
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        return command;
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    scheme = matcher.group(1);
                    port.complete(Integer.parseInt(matcher.group(2)));
                }
            }
        } catch (IOException e) {
            // The process ended; its output so far is kept.
        } finally {
            port.completeExceptionally(new IllegalStateException("Vortex exited before listening"));
        }
    }

    public int port() {
        return port.join();
    }

    public String url() {
        int listening = port();
        return scheme + "://127.0.0.1:" + listening;
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /**
     * Sends SIGTERM and waits for the process to end.
     *
     * @return whether it ended within the time limit
     */
    public boolean terminate() throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close our end of the output pipe
        // and lose the shutdown lines.
        process.toHandle().destroy();
        boolean ended = process.waitFor(40, TimeUnit.SECONDS);
        // The last lines may still be in the pipe when the process has ended.
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return ended;
    }

    @Override
    public void close() {
        try {
            if (!terminate()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

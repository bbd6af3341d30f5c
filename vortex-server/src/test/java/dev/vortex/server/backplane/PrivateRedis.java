package dev.vortex.server.backplane;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A {@code redis-server} of a test's own on a free port, without persistence, so that the test can stop it,
 * start it again (empty, as a restarted Redis without persistence is) and kill its clients' connections without
 * disturbing the shared one.
 */
final class PrivateRedis implements AutoCloseable {
    private final Path binary;
    private final int port;
    private final Vertx vertx = Vertx.vertx();
    private Process process;

    private PrivateRedis(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** Starts one; skips the test (or fails it in CI) when {@code redis-server} is not installed. */
    static PrivateRedis start() throws IOException {
        Path binary = findBinary();
        if (binary == null) {
            TestRedis.unavailable("no redis-server on the PATH");
        }
        PrivateRedis redis = new PrivateRedis(binary, freePort());
        redis.startProcess();
        return redis;
    }

    /** The address to give the servers. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    void stop() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Freezes the server (SIGSTOP): its sockets stay open but nothing is answered, as with a host that vanished
     * from the network without closing its connections.
     */
    void freeze() throws Exception {
        signal("-STOP");
    }

    /** Lets a frozen server go on (SIGCONT). */
    void thaw() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** Starts the server again on the same port, empty. */
    void restart() throws IOException {
        startProcess();
    }

    /** Sends one command and waits for the answer. */
    Response send(Request request) throws Exception {
        return TestRedis.send(vertx, uri(), request);
    }

    /** Kills the connection of the client named {@code name} ({@code CLIENT SETNAME}). */
    void killClient(String name) throws Exception {
        Response killed = send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(clientId(name)));
        if (killed.toInteger() != 1) {
            throw new AssertionError("CLIENT KILL of " + name + " killed " + killed);
        }
    }

    private String clientId(String name) throws Exception {
        for (String line :
                send(Request.cmd(Command.CLIENT).arg("LIST")).toString().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                for (String field : line.split(" ")) {
                    if (field.startsWith("id=")) {
                        return field.substring(3);
                    }
                }
            }
        }
        throw new AssertionError("no Redis client named " + name);
    }

    private void startProcess() throws IOException {
        process = new ProcessBuilder(List.of(
                        binary.toString(),
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Awaitility.await("redis-server on port " + port)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> "PONG".equals(send(Request.cmd(Command.PING)).toString()));
    }

    private static Path findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            // SIGKILL ends a frozen server too.
            process.destroyForcibly();
        }
        vertx.close();
    }
}

package dev.vortex.server.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vortex.server.TestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client in another language, run as a process by a small bridge script ({@code
 * src/test/resources/interop/}): the script writes one JSON line per event ({@code open} with the negotiated
 * extensions, {@code message}, {@code close} with its code, {@code error}) and sends each line of its stdin
 * as a text message.
 */
final class BridgedProcessClient extends InteropClient {
    private final Process process;
    private final OutputStream stdin;
    private final List<String> errors = new ArrayList<>();

    private BridgedProcessClient(String name, Process process) {
        super(name);
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readEvents, name + "-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} (the last argument is the WebSocket URL) in {@code directory}. */
    static BridgedProcessClient start(String name, Path directory, List<String> command) {
        return start(name, directory, command, java.util.Map.of());
    }

    /** As {@link #start(String, Path, List)}, with extra environment variables (a CA file for wss://, say). */
    static BridgedProcessClient start(
            String name, Path directory, List<String> command, java.util.Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new BridgedProcessClient(name, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void readEvents() {
        try (BufferedReader events =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = events.readLine(); line != null; line = events.readLine()) {
                JsonNode event = TestClient.json(line);
                switch (event.get("event").asText()) {
                    case "open" -> opened(event.path("extensions").asText(""));
                    case "message" -> received(event.get("data").asText());
                    case "close" -> closed(event.path("code").asInt(-1));
                    default -> errors.add(line);
                }
            }
        } catch (IOException e) {
            errors.add(e.toString());
        }
    }

    @Override
    void send(String json) {
        try {
            stdin.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(this + " no longer takes input (errors: " + errors + ")", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

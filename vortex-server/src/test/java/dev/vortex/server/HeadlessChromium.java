package dev.vortex.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven over the Chrome DevTools Protocol, for browser tests without a driver
 * library: start it, {@link #navigate} one page, {@link #evaluate} JavaScript in it.
 *
 * <p>The browser is found at {@code $VORTEX_CHROMIUM} or the usual Debian paths ({@code apt-get install
 * chromium}); {@link #find()} is empty when there is none.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** The Chromium executable of this machine, if any. */
    public static Optional<Path> find() {
        return Stream.of(System.getenv("VORTEX_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser")
                .filter(candidate -> candidate != null && !candidate.isBlank())
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts {@code executable} headless on a blank page, with a throw-away profile. */
    public static HeadlessChromium start(Path executable) {
        try {
            return new HeadlessChromium(executable);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + executable, e);
        }
    }

    private HeadlessChromium(Path executable) throws IOException {
        this.profile = Files.createTempDirectory("vortex-chromium");
        this.process = new ProcessBuilder(
                        executable.toString(),
                        "--headless=new",
                        "--no-sandbox", // tests may run as root
                        "--disable-gpu",
                        "--no-first-run",
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .start();
        int port = debuggingPort();
        this.page = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(pageTarget(port)), new Listener())
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    /** Reads the browser's output until it says where DevTools listens; the rest is drained in the background. */
    private int debuggingPort() throws IOException {
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> output.lines().forEach(ignored -> {}), "chromium-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IOException("Chromium exited before DevTools listened:\n" + seen);
    }

    private static String pageTarget(int port) throws IOException {
        try {
            HttpResponse<String> list = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .timeout(TIMEOUT)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText())) {
                    return target.get("webSocketDebuggerUrl").asText();
                }
            }
            throw new IOException("no page target in " + list.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Loads {@code url} in the page (returns once navigation started; poll {@link #evaluate} for the rest). */
    public void navigate(String url) {
        call("Page.navigate", Map.of("url", url));
    }

    /**
     * The value of {@code expression} evaluated in the page (promises awaited), as JSON; a JavaScript
     * exception fails the call with its description.
     */
    public JsonNode evaluate(String expression) {
        JsonNode result =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    private JsonNode call(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        page.sendText(message.toString(), true).join();
        JsonNode response =
                answer.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    /** Collects each (possibly fragmented) DevTools message and completes the call it answers. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence part, boolean last) {
            message.append(part);
            if (last) {
                try {
                    JsonNode received = JSON.readTree(message.toString());
                    CompletableFuture<JsonNode> answer = received.has("id")
                            ? pending.remove(received.get("id").asInt())
                            : null;
                    if (answer != null) {
                        answer.complete(received);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    message.setLength(0);
                }
            }
            socket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        page.abort();
        // Chromium's helper processes (network service, renderer) can outlive the browser process and keep
        // writing into the profile; stop them too before the profile is deleted.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        helpers.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            List<Path> deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
            for (Path file : deepestFirst) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary profile (or a file vanishing while it is walked) is not worth failing a test
            // over: a fresh-clone run failed once on a file Chromium removed during the walk.
        }
    }
}

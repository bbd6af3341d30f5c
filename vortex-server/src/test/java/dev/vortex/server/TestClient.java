package dev.vortex.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/** A real HTTP client for one test server, with a timeout on every call. */
public final class TestClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final String scheme;
    private final HttpClient http;
    /** What an HTTPS client trusts; {@code null} for plain HTTP. */
    private final javax.net.ssl.SSLContext tls;

    public TestClient(int port) {
        this.port = port;
        this.scheme = "http";
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        this.tls = null;
    }

    /** A client of a server that serves HTTPS, trusting what {@code tls} trusts. */
    public TestClient(int port, javax.net.ssl.SSLContext tls) {
        this.port = port;
        this.scheme = "https";
        this.http =
                HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(tls).build();
        this.tls = tls;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** GETs {@code path} with extra headers given as name, value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(uri(path)).GET(), headers));
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** DELETEs {@code path} with extra headers given as name, value pairs. */
    public HttpResponse<String> delete(String path, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(uri(path)).DELETE(), headers));
    }

    /** POSTs {@code body} with the content type and extra headers given as name, value pairs. */
    public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(withHeaders(request, headers));
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** The names of an Environment's property sources, highest precedence first. */
    public static List<String> sourceNames(JsonNode environment) {
        List<String> names = new ArrayList<>();
        environment
                .get("propertySources")
                .forEach(source -> names.add(source.get("name").asText()));
        return names;
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /**
     * Sends {@code rawPath} byte for byte over a socket, so that no client library normalises dot segments or
     * encodings away; returns the status line and the rest of the response.
     */
    public String rawGet(String rawPath) {
        return raw("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    /**
     * Sends {@code request} byte for byte (ISO-8859-1) over a new socket (a TLS one for HTTPS) and reads until the
     * server closes the connection: everything it answered. Fails when the server keeps the connection open past
     * the timeout, which is itself what some tests check.
     */
    public String raw(String request) {
        try (Socket socket = tls == null
                ? new Socket("127.0.0.1", port)
                : tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + TIMEOUT + " after: " + request, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of a raw response ({@link #raw}), from its status line. */
    public static int status(String rawResponse) {
        if (!rawResponse.startsWith("HTTP/1.1 ")) {
            throw new AssertionError("not an HTTP/1.1 response: '" + rawResponse + "'");
        }
        return Integer.parseInt(rawResponse.substring(9, 12));
    }

    /**
     * The sum of the samples of a Prometheus scrape ({@code /actuator/prometheus}) whose line {@code sample}
     * accepts; empty when none does (a counter is listed only once it has counted).
     */
    public static OptionalDouble prometheusSum(String scrape, Predicate<String> sample) {
        return scrape.lines()
                .filter(line -> !line.startsWith("#") && sample.test(line))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce(Double::sum);
    }

    /**
     * The sum of the samples of {@code series} (a name such as {@code vortex_auth_failures_delayed_total}) at
     * {@code /actuator/prometheus}, read with {@code headers} (credentials that may read the metrics); fails when
     * the scrape has none.
     */
    public double metric(String series, String... headers) {
        String metrics = get("/actuator/prometheus", headers).body();
        return prometheusSum(metrics, line -> line.startsWith(series))
                .orElseThrow(() -> new AssertionError("no " + series + " in " + metrics));
    }

    /**
     * Like {@link #metric}, read over a connection of its own that closes after the answer: the scrape's
     * connection is then the only one of this client's that the server may count as open
     * ({@code vortex_connections_open}), where the pooled connections of {@link #get} would count too.
     */
    public double metricOverOwnConnection(String series) {
        String metrics = raw("GET /actuator/prometheus HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        if (status(metrics) != 200) {
            throw new AssertionError("the scrape was answered: " + metrics);
        }
        return prometheusSum(metrics, line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
                .orElseThrow(() -> new AssertionError("no " + series + " in " + metrics));
    }

    private URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.vortex.compat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP request of the differential test, sent as is to each server, and what a server answered.
 *
 * @param method the method
 * @param path the path and query
 * @param headers header name, value, name, value...
 * @param body the request body, or {@code null}
 */
record HttpExchange(String method, String path, List<String> headers, String body) {
    /** HTTP/1.1, as Spring's clients speak it (the JDK's client would otherwise try an h2c upgrade). */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    static HttpExchange get(String path, String... headers) {
        return new HttpExchange("GET", path, List.of(headers), null);
    }

    static HttpExchange request(String method, String path, String... headers) {
        return new HttpExchange(method, path, List.of(headers), null);
    }

    static HttpExchange post(String path, String contentType, String body) {
        return new HttpExchange("POST", path, List.of("Content-Type", contentType), body);
    }

    /** What a server answered: status, content type (empty when none) and body bytes. */
    record Answer(int status, String contentType, byte[] body, String allow) {}

    Answer send(String baseUrl) throws Exception {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.size(); i += 2) {
            builder.header(headers.get(i), headers.get(i + 1));
        }
        builder.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body(),
                response.headers().firstValue("Allow").orElse(""));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(List.of(method, path));
        for (int i = 0; i < headers.size(); i += 2) {
            parts.add("[" + headers.get(i) + ": " + headers.get(i + 1) + "]");
        }
        if (body != null) {
            parts.add("body=" + body);
        }
        return String.join(" ", parts);
    }
}

package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.TestClient;
import dev.vortex.server.TestServers;
import dev.vortex.server.VortexServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http_server_requests_seconds} on a real server: a client cannot add series by making up methods (each
 * one is recorded as {@code OTHER}), while the methods of the API keep their names.
 */
class HttpRequestMetricsTest {
    @TempDir
    Path repo;

    @Test
    void madeUpMethods_areRecordedAsOther_notOneSeriesEach() throws IOException {
        Files.writeString(repo.resolve("orders.yml"), "orders:\n  max-items: 50\n");
        try (VortexServer server = TestServers.startNative(repo)) {
            TestClient http = new TestClient(server.port());
            assertThat(http.get("/orders/default").statusCode()).isEqualTo(200);
            for (String method : new String[] {"BREW", "MADEUP1", "MADEUP2"}) {
                assertThat(send(server, method + " /orders/default HTTP/1.1")).startsWith("HTTP/1.1 ");
            }

            String metrics = http.get("/actuator/prometheus").body();

            assertThat(metrics)
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                            + "uri=\"/{application}/{profile}\"} 1")
                    .contains("method=\"OTHER\"")
                    .doesNotContain("BREW")
                    .doesNotContain("MADEUP");
        }
    }

    /** Sends {@code requestLine} with a Host header on a new connection; returns the whole answer. */
    private static String send(VortexServer server, String requestLine) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

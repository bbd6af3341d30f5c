package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.TestClient;
import dev.vortex.server.realtime.RealtimeFixture;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that are the client's fault get a 4xx, never a 500, sent over raw sockets so that no client
 * library tidies them up first.
 */
class BadRequestStatusTest {
    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.perTest(started -> started.write("orders.yml", "orders:\n  max-items: 50\n"));

    @Test
    void anHttp11RequestWithoutHost_is400() {
        String response = fixture.http().raw("GET /orders/prod HTTP/1.1\r\nConnection: close\r\n\r\n");

        assertThat(TestClient.status(response)).as(response).isEqualTo(400);
        assertThat(response).contains("Host");
    }

    @Test
    void aFoldedHostHeader_is400() {
        String response = fixture.http()
                .raw("GET /orders/prod HTTP/1.1\r\nHost: localhost\r\n :8888\r\nConnection: close\r\n\r\n");

        assertThat(TestClient.status(response)).as(response).isEqualTo(400);
        assertThat(response).contains("Host");
    }

    @Test
    void anotherFoldedHeader_isUnfoldedWithASpace_asRfc9112Allows() {
        String response = fixture.http()
                .raw(
                        "GET /orders/prod HTTP/1.1\r\nHost: localhost\r\nX-Note: one\r\n two\r\nConnection: close\r\n\r\n");

        assertThat(TestClient.status(response)).as(response).isEqualTo(200);
    }

    @Test
    void contentLengthWithChunkedTransferEncoding_is400_andTheConnectionIsClosed_soNothingHiddenIsAnswered() {
        String hidden = "GET /orders/prod HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String body = "0\r\n\r\n" + hidden;
        String response = fixture.http()
                .raw("POST /monitor HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);

        assertThat(TestClient.status(response)).as(response).isEqualTo(400);
        assertThat(response.split("HTTP/1.1 ", -1))
                .as("one response only: " + response)
                .hasSize(2);
        assertThat(response).doesNotContain("max-items");
    }

    @Test
    void aMonitorFormFieldOf64KiB_is413() {
        HttpResponse<String> response =
                fixture.http().post("/monitor", "application/x-www-form-urlencoded", "path=" + "a".repeat(64 * 1024));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("form");
    }

    @Test
    void aMonitorFormOf20000Fields_is413() {
        StringBuilder form = new StringBuilder("path=orders.yml");
        for (int i = 0; i < 20_000; i++) {
            form.append("&f").append(i).append("=x");
        }

        HttpResponse<String> response =
                fixture.http().post("/monitor", "application/x-www-form-urlencoded", form.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("form");
    }
}

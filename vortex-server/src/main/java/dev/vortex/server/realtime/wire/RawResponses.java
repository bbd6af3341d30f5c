package dev.vortex.server.realtime.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Whole HTTP/1.1 error responses as bytes, for the places below Vert.x's request handling (a connection
 * refused at accept, a request refused by the decoder) that must answer and close without a request object.
 * The body has the shape of Vortex's HTTP error bodies ({@code http.ErrorResponder}).
 */
final class RawResponses {
    private RawResponses() {}

    /**
     * @param status the status code
     * @param message what went wrong, for the client
     * @param path the request path, or {@code null} when no request was read
     * @param extraHeaders whole header lines to add (each without its line end)
     * @return the response, with {@code Connection: close}: the caller closes after writing it
     */
    static ByteBuf closing(int status, String message, String path, String... extraHeaders) {
        HttpResponseStatus reason = HttpResponseStatus.valueOf(status);
        byte[] body = new JsonObject()
                .put("timestamp", Instant.now().toString())
                .put("status", status)
                .put("error", reason.reasonPhrase())
                .put("message", message)
                .put("path", path)
                .toBuffer()
                .getBytes();
        StringBuilder head = new StringBuilder("HTTP/1.1 ")
                .append(reason)
                .append("\r\nContent-Type: application/json\r\nContent-Length: ")
                .append(body.length)
                .append("\r\nConnection: close\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        return Unpooled.wrappedBuffer(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }
}

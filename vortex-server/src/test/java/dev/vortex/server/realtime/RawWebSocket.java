package dev.vortex.server.realtime;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client over a plain {@link Socket}, for what a real client library does behind a test's back:
 * Vert.x answers ping frames by itself, so a silent client can only be written by hand. It does the upgrade
 * handshake with a random {@code Sec-WebSocket-Key}, then reads unmasked server frames; it never writes
 * anything unless told to. It speaks {@code permessage-deflate} (RFC 7692) by hand as well, when the test
 * offers it: compressed frames are sent with {@link #sendCompressed} and read back inflated by {@link
 * Frame#text()}.
 */
public final class RawWebSocket implements AutoCloseable {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** The first header byte's RSV1 bit: a compressed message under {@code permessage-deflate}. */
    static final int RSV1 = 0x40;
    /** The offer a browser makes. */
    static final String OFFER_DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";

    private final Socket socket;
    private final DataInputStream in;
    private final String response;

    /** A frame as it came off the wire; {@code compressed} when RSV1 was set. */
    record Frame(int opcode, boolean compressed, byte[] payload) {
        /** The payload as text, inflated first when the frame was compressed. */
        String text() {
            return new String(compressed ? inflate(payload) : payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or -1 when it carries none. */
        int closeStatus() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private RawWebSocket(Socket socket, DataInputStream in, String response) {
        this.socket = socket;
        this.in = in;
        this.response = response;
    }

    /**
     * Sends an upgrade request for {@code rawPath} (sent byte for byte) and reads the response head.
     *
     * @param readTimeout how long any single read may block
     */
    static RawWebSocket open(int port, String rawPath, Duration readTimeout) {
        return open(port, rawPath, readTimeout, 0);
    }

    /**
     * As {@link #open(int, String, Duration)}, with a receive buffer of {@code receiveBufferBytes} (0 for the
     * system's): a small one makes TCP backpressure reach the server quickly when the client stops reading.
     */
    static RawWebSocket open(int port, String rawPath, Duration readTimeout, int receiveBufferBytes) {
        return open(port, rawPath, readTimeout, receiveBufferBytes, "Sec-WebSocket-Version: 13");
    }

    /**
     * As {@link #open(int, String, Duration, int)}, with {@code extraHeaders} (whole header lines) instead of
     * the {@code Sec-WebSocket-Version: 13} line.
     */
    static RawWebSocket open(
            int port, String rawPath, Duration readTimeout, int receiveBufferBytes, String... extraHeaders) {
        return openVersion("HTTP/1.1", port, rawPath, readTimeout, receiveBufferBytes, extraHeaders);
    }

    /** As {@link #open(int, String, Duration, int, String...)}, with another HTTP version in the request line. */
    static RawWebSocket openVersion(
            String httpVersion,
            int port,
            String rawPath,
            Duration readTimeout,
            int receiveBufferBytes,
            String... extraHeaders) {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        return openRequest(
                port,
                "GET " + rawPath + " " + httpVersion + "\r\n"
                        + "Host: 127.0.0.1:" + port + "\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\n"
                        + String.join(
                                "",
                                java.util.Arrays.stream(extraHeaders)
                                        .map(line -> line + "\r\n")
                                        .toList())
                        + "\r\n",
                readTimeout,
                receiveBufferBytes);
    }

    /**
     * Sends {@code request} (a whole request head, byte for byte) and reads the response head: for upgrade
     * requests that lack what {@link #open} always sends.
     */
    static RawWebSocket openRequest(int port, String request, Duration readTimeout, int receiveBufferBytes) {
        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) readTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            return new RawWebSocket(socket, in, readHead(in));
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(
                    "request failed: " + request.lines().findFirst().orElse(""), e);
        }
    }

    /** The response's status line and headers. */
    String response() {
        return response;
    }

    /** The response's status code. */
    int status() {
        return Integer.parseInt(response.split(" ", 3)[1]);
    }

    /** Reads the body of a refused (non-101) response, as long as its {@code Content-Length} says. */
    String body() {
        int length = 0;
        for (String line : response.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        try {
            byte[] body = new byte[length];
            in.readFully(body);
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a text frame, masked as a client must. */
    void sendText(String text) {
        sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one frame, masked as a client must: {@code fin} false for all but a message's last fragment. */
    void sendFrame(boolean fin, int opcode, byte[] payload) {
        sendFrame(fin, 0, opcode, payload);
    }

    /** Sends {@code text} as one compressed text frame (RSV1 set, raw DEFLATE without its sync-flush tail). */
    void sendCompressed(String text) {
        sendFrame(true, RSV1, TEXT, deflate(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends one frame with the reserved bits {@code rsv} (e.g. {@link #RSV1}) set in its first byte. */
    void sendFrame(boolean fin, int rsv, int opcode, byte[] payload) {
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | rsv | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xff));
            }
        }
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next whole frame; fails when none arrives within the read timeout. */
    Frame next() {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((second & 0x80) != 0) {
                throw new IllegalStateException("a server must not mask its frames");
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            return new Frame(first & 0x0f, (first & RSV1) != 0, payload);
        } catch (EOFException e) {
            throw new AssertionError("the server closed the TCP connection without a close frame", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads frames until a close frame, which it returns. */
    Frame nextClose() {
        while (true) {
            Frame frame = next();
            if (frame.opcode() == CLOSE) {
                return frame;
            }
        }
    }

    /** Whether the server closed the TCP connection: the next read finds the end of the stream. */
    boolean endOfStream() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    /** RFC 7692 section 7.2.1: raw DEFLATE, sync-flushed, the trailing {@code 00 00 ff ff} removed. */
    public static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            byte[] buffer = new byte[data.length + 1024];
            int length = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            return java.util.Arrays.copyOf(buffer, length - 4);
        } finally {
            deflater.end();
        }
    }

    /** RFC 7692 section 7.2.2: appends {@code 00 00 ff ff} and inflates. */
    public static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = java.util.Arrays.copyOf(compressed, compressed.length + 4);
            input[compressed.length + 2] = (byte) 0xff;
            input[compressed.length + 3] = (byte) 0xff;
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n = inflater.inflate(chunk); n > 0; n = inflater.inflate(chunk)) {
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError("the server sent data that does not inflate", e);
        } finally {
            inflater.end();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to do: the test is done with it.
        }
    }
}

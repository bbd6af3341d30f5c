package dev.vortex.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket peer that plays the server's side of the protocol from a script, on real sockets: it answers
 * the upgrade, then the test sends exactly the frames it wants (a diff from an unknown version, garbage,
 * silence) and reads what the client sends. For protocol faults the real server never commits.
 */
final class ScriptedServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket serverSocket;
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private final Thread acceptor;
    private volatile int refusalStatus;

    ScriptedServer() throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + serverSocket.getLocalPort();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** The next connection whose upgrade was answered, waiting up to {@code seconds}. */
    Peer nextPeer(int seconds) throws InterruptedException {
        Peer peer = peers.poll(seconds, TimeUnit.SECONDS);
        if (peer == null) {
            throw new AssertionError("no connection within " + seconds + " s");
        }
        return peer;
    }

    /** Whether a connection arrives within {@code millis}. */
    boolean anotherPeerWithin(long millis) throws InterruptedException {
        return peers.poll(millis, TimeUnit.MILLISECONDS) != null;
    }

    /**
     * From now on, answers every upgrade with {@code status} and closes the connection: a server that is up but
     * will not take WebSockets, so that reconnection attempts fail at once and always the same way (a closed
     * port would also refuse them, but leaves the outcome of a connect on loopback to the kernel).
     */
    void refuseUpgradesWith(int status) {
        refusalStatus = status;
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                int refusal = refusalStatus;
                if (refusal != 0) {
                    try (socket) {
                        Peer.readHead(socket.getInputStream());
                        socket.getOutputStream()
                                .write(("HTTP/1.1 " + refusal + " Refused\r\nContent-Length: 0\r\n"
                                                + "Connection: close\r\n\r\n")
                                        .getBytes(StandardCharsets.ISO_8859_1));
                    }
                    continue;
                }
                peers.add(Peer.upgrade(socket));
            } catch (IOException e) {
                // closed, or a client that went away during the upgrade
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /** One upgraded connection. */
    static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final String requestLine;
        private final String head;
        private final OutputStream out;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        private Peer(Socket socket, String requestLine, String head) throws IOException {
            this.socket = socket;
            this.requestLine = requestLine;
            this.head = head;
            this.out = socket.getOutputStream();
            Thread reader = new Thread(this::readLoop, "scripted-peer");
            reader.setDaemon(true);
            reader.start();
        }

        static Peer upgrade(Socket socket) throws IOException {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            String key = null;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\nSec-WebSocket-Protocol: vortex.v1\r\n\r\n";
            socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new Peer(socket, requestLine, head);
        }

        /** The request line of the upgrade ({@code GET /ws/app/profile?last_version=.. HTTP/1.1}). */
        String requestLine() {
            return requestLine;
        }

        /** The value of the upgrade request's header {@code name}, or {@code null}. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /** Sends a text frame. */
        synchronized void send(String text) throws IOException {
            frame(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends a close frame with {@code code}, then closes the socket. */
        synchronized void closeWith(int code) throws IOException {
            closeWith(code, "");
        }

        /** Sends a close frame with {@code code} and {@code reason}, then closes the socket. */
        synchronized void closeWith(int code, String reason) throws IOException {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + text.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, text.length);
            frame(0x8, payload);
            socket.close();
        }

        /** The next text message from the client, or {@code null} after {@code seconds}. */
        String receive(int seconds) throws InterruptedException {
            return received.poll(seconds, TimeUnit.SECONDS);
        }

        boolean isClosed() {
            return socket.isClosed();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        private void frame(int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length);
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }

        private void readLoop() {
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                while (true) {
                    int first = in.readUnsignedByte();
                    int second = in.readUnsignedByte();
                    long length = second & 0x7f;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((second & 0x80) != 0) {
                        in.readFully(mask);
                    }
                    byte[] payload = new byte[(int) length];
                    in.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    int opcode = first & 0x0f;
                    if (opcode == 0x1) {
                        received.add(new String(payload, StandardCharsets.UTF_8));
                    } else if (opcode == 0x8) {
                        socket.close();
                        return;
                    } else if (opcode == 0x9) {
                        synchronized (this) {
                            frame(0xA, payload);
                        }
                    }
                }
            } catch (IOException e) {
                // the connection ended
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed during the upgrade");
                }
                head.write(b);
                matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        private static String accept(String key) {
            try {
                byte[] digest =
                        MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
                return Base64.getEncoder().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

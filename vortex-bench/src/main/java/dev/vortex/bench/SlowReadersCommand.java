package dev.vortex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vortex-bench slow-readers}: a soak of the case conflation exists for. Clients that never read follow
 * a large config that changes several times a second; one client that reads follows it too. Every second the
 * server's resident memory, heap and direct memory are sampled; the run fails its check if either keeps
 * growing instead of levelling off, or if the reading client does not end on the last change.
 *
 * <p>The non-readers are plain sockets with a small receive buffer that, after the upgrade, are never read:
 * the kernel's buffers fill within the first change and the server sees a socket that is never writable.
 */
@Command(
        name = "slow-readers",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Soak: N WebSocket clients that never read follow a large config changed R times a second for D"
                    + " seconds; reports RSS, heap and direct memory over time and fails if they grow without"
                    + " bound or the one reading client misses the last change.",
            "",
            "In-process by default (the figures then cover client and server); with --url, also pass"
                    + " --native-dir (the server's --native directory) and --server-pid.",
            ""
        })
final class SlowReadersCommand implements Callable<Integer> {
    private static final String APPLICATION = "soak";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shorter runs end while the JVM still sizes its heap: only the budget is checked then. */
    private static final int MIN_SECONDS_TO_JUDGE_GROWTH = 30;

    @Mixin
    CommonOptions common;

    @Option(names = "--clients", paramLabel = "N", description = "Clients that never read. Default: 20 (quick: 10).")
    Integer clients;

    @Option(
            names = "--config-bytes",
            paramLabel = "BYTES",
            description = "Size of the config (YAML). Default: 1048576 (quick: 131072).")
    Integer configBytes;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Changes per second. Default: 4 (quick: 10).")
    Double rate;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Length of the soak. Default: 60 (quick: 15).")
    Integer duration;

    @Option(
            names = "--max-rss-mib",
            paramLabel = "MIB",
            description = "Resident memory the process may reach at any point (the server's -Xmx1g and"
                    + " -XX:MaxDirectMemorySize=512m, plus room for the rest of the JVM). Default: 1536 (quick: 1024).")
    Integer maxRssMib;

    @Option(
            names = "--native-dir",
            paramLabel = "DIR",
            description = "With --url: the directory the server serves (its --native), where changes are written.")
    Path nativeDir;

    @Override
    public Integer call() throws Exception {
        int nonReaders = common.pick(clients, 10, 20);
        int bytes = common.pick(configBytes, 128 * 1024, 1024 * 1024);
        double perSecond = common.pick(rate, 10, 4);
        int seconds = common.pick(duration, 15, 60);
        if (common.url != null && (nativeDir == null || common.serverPid == null)) {
            throw new IllegalArgumentException("--url needs --native-dir and --server-pid");
        }
        Report report = new Report("slow-readers");
        List<Socket> sockets = new ArrayList<>();
        try (BenchTarget target = BenchTarget.open(common.url, nativeDir, 1)) {
            report.add("server", "server", target.describe());
            target.changeLarge(APPLICATION, 0, bytes);
            String path = "/ws/" + APPLICATION + "/default";
            Reader reader = new Reader(open(target, path, 0));
            reader.start();
            for (int i = 0; i < nonReaders; i++) {
                sockets.add(open(target, path, 4096));
            }

            long heapStart = target.inProcess()
                    ? -1
                    : ProcessStats.heapUsedAfterGc(common.serverPid).orElse(-1);
            List<Sample> samples = new ArrayList<>();
            long nextKeepAlive = System.nanoTime();
            long started = System.nanoTime();
            long intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
            long nextSample = started;
            long sequence = 0;
            long end = started + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextSample) {
                    samples.add(sample(target, (now - started) / 1e9));
                    nextSample += TimeUnit.SECONDS.toNanos(1);
                }
                if (now >= nextKeepAlive) {
                    // Write-only signs of life, so that the heartbeat does not close the non-readers mid-soak.
                    for (Socket socket : sockets) {
                        sendPing(socket);
                    }
                    nextKeepAlive += TimeUnit.SECONDS.toNanos(5);
                }
                target.changeLarge(APPLICATION, ++sequence, bytes);
                long sleep = started + (sequence + 1) * intervalNanos - System.nanoTime();
                if (sleep > 0) {
                    Await.sleepMillis(TimeUnit.NANOSECONDS.toMillis(sleep));
                }
            }
            samples.add(sample(target, (System.nanoTime() - started) / 1e9));
            long last = sequence;
            boolean converged = Await.until(() -> reader.lastSequence() == last, TimeUnit.SECONDS.toNanos(30));

            report.add("clients_not_reading", "clients that never read", nonReaders);
            report.addBytes("config_bytes", "config size (YAML)", bytes);
            report.add("changes", "changes", sequence);
            report.add("duration_s", "duration", seconds, 0, "s");
            report.add("frames_read", "frames the reading client got", reader.frames());
            addSamples(report, samples);
            if (seconds >= MIN_SECONDS_TO_JUDGE_GROWTH) {
                checkBounded(report, "rss", "resident memory", samples, Sample::rss);
                checkBounded(report, "heap", "heap after collections", samples, Sample::heap);
            } else {
                report.note("growth not judged: " + seconds + " s cannot tell the JVM's warm-up from growth (at least "
                        + MIN_SECONDS_TO_JUDGE_GROWTH + " s; the budget below still applies)");
            }
            long budget = (long) common.pick(maxRssMib, 1024, 1536) << 20;
            long peakRss = samples.stream().mapToLong(Sample::rss).max().orElse(-1);
            report.check(
                    "rss_within_budget",
                    "resident memory stays within the budget",
                    peakRss <= budget,
                    "peak " + mib(peakRss) + ", budget " + mib(budget));
            if (!target.inProcess()) {
                long heapAtEnd = ProcessStats.heapUsedAfterGc(common.serverPid).orElse(-1);
                report.addBytes("server_heap_end_bytes", "server heap at the end (after GC)", heapAtEnd);
                report.check(
                        "heap_bounded",
                        "server heap after GC levels off",
                        heapStart < 0 || heapAtEnd < 0 || heapAtEnd <= heapStart + heapStart / 4 + (32L << 20),
                        mib(heapStart) + " at the start, " + mib(heapAtEnd) + " at the end");
            }
            report.check(
                    "reader_converged",
                    "the reading client ends on the last change",
                    converged,
                    "last seq " + reader.lastSequence() + " of " + last
                            + (reader.failure() != null ? "; " + reader.failure() : ""));
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        return common.finish(List.of(report));
    }

    /** One point of the memory curve; -1 where a figure is not available. */
    record Sample(double atSeconds, long rss, long heap, long heapCommitted, long direct) {}

    private Sample sample(BenchTarget target, double atSeconds) {
        if (target.inProcess()) {
            java.lang.management.MemoryUsage heap =
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return new Sample(
                    atSeconds,
                    ProcessStats.rssBytes("self").orElse(-1),
                    heap.getUsed(),
                    heap.getCommitted(),
                    directBytes());
        }
        OptionalLong rss = ProcessStats.rssBytes(Long.toString(common.serverPid));
        return new Sample(atSeconds, rss.orElse(-1), -1, -1, -1);
    }

    /**
     * The heap as the last collection of each pool left it: live data plus what survived, without the garbage
     * in between collections, so that it measures what the server keeps rather than when the GC last ran.
     */
    private static long heapAfterLastCollection() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage afterGc = pool.getCollectionUsage();
            if (pool.getType() == java.lang.management.MemoryType.HEAP && afterGc != null) {
                used += afterGc.getUsed();
            }
        }
        return used;
    }

    private static long directBytes() {
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct += pool.getMemoryUsed();
            }
        }
        return direct + io.netty.util.internal.PlatformDependent.usedDirectMemory();
    }

    private static void addSamples(Report report, List<Sample> samples) {
        List<Object> json = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Sample sample : samples) {
            json.add(java.util.Map.of(
                    "t_s", Math.round(sample.atSeconds() * 10) / 10.0,
                    "rss_bytes", sample.rss(),
                    "heap_bytes", sample.heap(),
                    "heap_committed_bytes", sample.heapCommitted(),
                    "direct_bytes", sample.direct()));
        }
        int step = Math.max(1, samples.size() / 8);
        for (int i = 0; i < samples.size(); i += step) {
            Sample sample = samples.get(i);
            text.append(String.format(
                    Locale.ROOT,
                    "%n      %5.1f s  rss %s  heap %s (committed %s)  direct %s",
                    sample.atSeconds(),
                    mib(sample.rss()),
                    mib(sample.heap()),
                    mib(sample.heapCommitted()),
                    mib(sample.direct())));
        }
        report.add("samples", "memory over time", json, text.toString());
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    /**
     * Levelling off: the peak of the last third of the run may exceed the peak of the middle third by at most
     * a quarter (or 64 MiB, for noise). Growth that keeps going (a leak, a pool that keeps taking, a heap
     * growing towards a quarter of the machine) fails it; a heap that breathes between collections does not.
     */
    private static void checkBounded(
            Report report,
            String key,
            String what,
            List<Sample> samples,
            java.util.function.ToLongFunction<Sample> figure) {
        if (samples.size() < 6 || figure.applyAsLong(samples.get(0)) < 0) {
            report.note(what + ": not measured");
            return;
        }
        int third = samples.size() / 3;
        long middle = samples.subList(third, 2 * third).stream()
                .mapToLong(figure)
                .max()
                .orElse(0);
        long last = samples.subList(2 * third, samples.size()).stream()
                .mapToLong(figure)
                .max()
                .orElse(0);
        long allowed = middle + Math.max(middle / 4, 64L << 20);
        report.check(
                key + "_bounded",
                what + " levels off",
                last <= allowed,
                "peak " + mib(middle) + " in the middle third, " + mib(last) + " in the last (at most " + mib(allowed)
                        + ")");
    }

    /** Opens a WebSocket on a plain socket and reads the response head; never reads again itself. */
    private static Socket open(BenchTarget target, String path, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(target.host(), target.port()), 10_000);
        socket.setSoTimeout(30_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + target.host() + ":" + target.port()
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String head = readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        return socket;
    }

    /** A masked, empty ping frame; a socket that fails is left for the checks to notice. */
    private static void sendPing(Socket socket) {
        sendFrame(socket, 0x9, new byte[0]);
    }

    private static void sendFrame(Socket socket, int opcode, byte[] payload) {
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            // Closed by the server: the reader's check or the server's log will say why.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The one client that reads: follows {@code APP.seq} through snapshots and diffs. */
    private static final class Reader extends Thread {
        private final Socket socket;
        private final AtomicLong lastSequence = new AtomicLong(-1);
        private final AtomicLong frames = new AtomicLong();
        private final AtomicReference<String> failure = new AtomicReference<>();

        Reader(Socket socket) {
            super("slow-readers-reader");
            this.socket = socket;
            setDaemon(true);
        }

        long lastSequence() {
            return lastSequence.get();
        }

        long frames() {
            return frames.get();
        }

        String failure() {
            return failure.get();
        }

        @Override
        public void run() {
            try (socket) {
                socket.setSoTimeout(0);
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
                    byte[] payload = new byte[Math.toIntExact(length)];
                    in.readFully(payload);
                    frames.incrementAndGet();
                    int opcode = first & 0x0f;
                    if (opcode == 0x8) {
                        failure.compareAndSet(null, "closed by the server");
                        return;
                    }
                    if (opcode == 0x9 && payload.length <= 125) {
                        sendFrame(socket, 0xA, payload);
                    }
                    if (opcode == 0x1) {
                        follow(JSON.readTree(payload));
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e.toString());
            }
        }

        private void follow(JsonNode message) {
            String type = message.path("type").asText();
            if (type.equals(FrameScan.SNAPSHOT)) {
                lastSequence.set(
                        message.path("config").path(APPLICATION).path("seq").asLong(-1));
            } else if (type.equals(FrameScan.CHANGE)) {
                for (JsonNode op : message.path("diff")) {
                    if (op.path("path").asText().equals("/" + APPLICATION + "/seq")) {
                        lastSequence.set(op.path("value").asLong(-1));
                    }
                }
            }
        }
    }
}

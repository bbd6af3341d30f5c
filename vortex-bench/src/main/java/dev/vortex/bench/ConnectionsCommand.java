package dev.vortex.bench;

import io.vertx.core.http.WebSocket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vortex-bench connections}: opens N WebSocket connections at a steady rate, holds them idle, and
 * reports connect times, failures and what each idle connection costs in heap and resident memory.
 */
@Command(
        name = "connections",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Opens N WebSocket connections at --rate per second, holds them --hold seconds, and reports"
                    + " connect-time percentiles, failures, heap per idle connection and RSS.",
            "",
            "In-process (the default), client and server share this process: every connection costs two file"
                    + " descriptors here, and the heap figure covers both ends. For large N, run the server in"
                    + " its own process (`bin/vortex serve --port 8888` in another terminal), pass --url"
                    + " ws://127.0.0.1:8888 and --server-pid PID (heap through jcmd).",
            ""
        })
final class ConnectionsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = {"-n", "--connections"},
            paramLabel = "N",
            description = "Connections to open. Default: 1000 (quick: 50).")
    Integer connections;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Connections opened per second; 0 for as fast as possible. Default: 1000 (quick: 0).")
    Double rate;

    @Option(
            names = "--hold",
            paramLabel = "SECONDS",
            description = "How long to hold the connections open once all are up. Default: 10 (quick: 1).")
    Double hold;

    @Option(
            names = "--key",
            paramLabel = "APP/PROFILE",
            defaultValue = "bench/p0",
            description = "The key every connection follows. Default: ${DEFAULT-VALUE}.")
    String key;

    @Option(
            names = "--histogram",
            description = "Also take a class histogram (jcmd PID GC.class_histogram, after a full GC) before and"
                    + " with the connections, and print what each idle connection keeps class by class (classes"
                    + " of at least --histogram-min-bytes per connection). Against --url it needs --server-pid;"
                    + " in-process it covers client and server.")
    boolean histogram;

    @Option(
            names = "--histogram-min-bytes",
            paramLabel = "BYTES",
            defaultValue = "1",
            description = "The least bytes per connection a class adds to get a row of its own; the rest is"
                    + " summed in one row. Default: ${DEFAULT-VALUE}.")
    double histogramMinBytes;

    @Override
    public Integer call() {
        int count = common.pick(connections, 50, 1000);
        double perSecond = common.pick(rate, 0, 1000);
        double holdSeconds = common.pick(hold, 1, 10);
        Report report = new Report("connections");
        Map<String, String> headers = common.headersOrNull();
        if (headers == null) {
            return 2;
        }
        try (BenchTarget target = BenchTarget.open(common.url, null, 1).withHeaders(headers);
                ClientLoops loops = new ClientLoops(common.eventLoops)) {
            report.add("server", "server", target.describe());
            warnAboutFileLimit(target, count, report);
            String path = "/ws/" + key;
            ConnectionRamp ramp = new ConnectionRamp(loops, target.host(), target.port(), count, common.compression)
                    .headers(target.headers());

            // Warm-up: class loading, JIT and pools, so that the baseline below is the idle server itself.
            ConnectionRamp.warmUp(loops, target, path, Math.min(count, 200), common.compression);

            long heapBefore = heapUsed(target);
            OptionalLong rssBefore = rss(target);
            Optional<HeapHistogram> histogramBefore = histogram(target);

            Histogram snapshotMicros = new ConcurrentHistogram(3);
            AtomicInteger snapshots = new AtomicInteger();
            AtomicInteger dropped = new AtomicInteger();
            AtomicInteger otherFirstFrames = new AtomicInteger();
            WebSocket[] sockets = new WebSocket[count];
            AtomicBoolean closing = new AtomicBoolean();
            CpuMeter cpu = new CpuMeter(common.serverPid);
            // Generous: a cold server may accept far fewer connections per second than asked for.
            long rampTimeout = count / 50 + 60;
            boolean finished = ramp.open(
                    count,
                    perSecond,
                    i -> path,
                    (index, socket, started) -> {
                        sockets[index] = socket;
                        boolean[] first = {true};
                        socket.textMessageHandler(frame -> {
                            if (first[0]) {
                                first[0] = false;
                                snapshotMicros.recordValue(Math.max(0, (System.nanoTime() - started) / 1000));
                                if (FrameScan.SNAPSHOT.equals(FrameScan.type(frame))) {
                                    snapshots.incrementAndGet();
                                } else {
                                    otherFirstFrames.incrementAndGet();
                                }
                            }
                        });
                        socket.closeHandler(ignored -> {
                            if (!closing.get()) {
                                dropped.incrementAndGet();
                            }
                        });
                    },
                    rampTimeout);
            int opened = ramp.succeeded();
            cpu.report(report, target.inProcess());
            boolean allSnapshots =
                    Await.until(() -> snapshots.get() + otherFirstFrames.get() >= opened, TimeUnit.SECONDS.toNanos(30));
            long upAt = System.nanoTime();

            report.add("connections_requested", "connections requested", count);
            report.add("connections_opened", "connections opened", opened);
            report.add("connections_failed", "connections failed", ramp.failed());
            ramp.reportCompression(report, common.compression);
            report.add("ramp_seconds", "ramp duration", ramp.rampSeconds(), 2, "s");
            report.add(
                    "ramp_rate_per_s",
                    "achieved rate",
                    opened / Math.max(ramp.rampSeconds(), 1e-9),
                    0,
                    "connections/s");
            report.addLatencies("connect_ms", "connect time (handshake)", ramp.connectMicros());
            report.addLatencies("first_snapshot_ms", "connect to first snapshot", snapshotMicros);

            long heapAfter = heapUsed(target);
            OptionalLong rssAfter = rss(target);
            Optional<HeapHistogram> histogramAfter = histogram(target);
            if (heapBefore >= 0 && heapAfter >= 0 && opened > 0) {
                String scope = target.inProcess() ? "client + server, one process" : "server process";
                report.addBytes("heap_before_bytes", "heap before (after GC)", heapBefore);
                report.addBytes("heap_after_bytes", "heap with connections (after GC)", heapAfter);
                report.add(
                        "heap_per_connection_bytes",
                        "heap per idle connection (" + scope + ")",
                        (heapAfter - heapBefore) / opened,
                        Report.bytes((heapAfter - heapBefore) / opened));
            } else {
                report.note("heap per connection not measured: with --url, pass --server-pid PID (uses jcmd)");
            }
            if (rssBefore.isPresent() && rssAfter.isPresent() && opened > 0) {
                report.addBytes("rss_before_bytes", "RSS before", rssBefore.getAsLong());
                report.addBytes("rss_after_bytes", "RSS with connections", rssAfter.getAsLong());
                long perConnection = (rssAfter.getAsLong() - rssBefore.getAsLong()) / opened;
                report.add(
                        "rss_per_connection_bytes", "RSS per connection", perConnection, Report.bytes(perConnection));
            }

            if (histogram) {
                addHistogram(report, target, histogramBefore, histogramAfter, opened);
            }

            long holdNanos = (long) (holdSeconds * 1e9);
            long left = holdNanos - (System.nanoTime() - upAt);
            if (left > 0) {
                Await.sleepMillis(TimeUnit.NANOSECONDS.toMillis(left));
            }
            report.add("held_seconds", "held open", (System.nanoTime() - upAt) / 1e9, 1, "s");
            report.add("dropped_while_held", "closed by the server while held", dropped.get());

            report.check(
                    "all_opened",
                    "every connection opened",
                    finished && ramp.failed() == 0 && opened == count,
                    opened + "/" + count + " opened"
                            + (ramp.errors().isEmpty() ? "" : "; first errors: " + ramp.errors()));
            report.check(
                    "all_snapshots",
                    "every connection got a config_snapshot first",
                    allSnapshots && snapshots.get() == opened,
                    snapshots.get() + "/" + opened + " snapshots, " + otherFirstFrames.get() + " other first frames");
            report.check("none_dropped", "no connection dropped while held", dropped.get() == 0, dropped + " dropped");
            closing.set(true);
        }
        return common.finish(List.of(report));
    }

    private void warnAboutFileLimit(BenchTarget target, int count, Report report) {
        long limit = ProcessStats.maxFileDescriptors();
        long open = ProcessStats.openFileDescriptors();
        int perConnection = target.inProcess() ? 2 : 1;
        long needed = open + (long) count * perConnection + 64;
        report.add("fd_limit", "open-file limit (ulimit -n)", limit);
        if (limit > 0 && needed > limit * 9 / 10) {
            String warning = String.format(
                    Locale.ROOT,
                    "%,d connections need about %,d file descriptors in this process (%d per connection%s, %,d"
                            + " already open) but the limit is %,d%s. %s",
                    count,
                    needed,
                    perConnection,
                    target.inProcess() ? ": the client's socket and the in-process server's" : "",
                    open,
                    limit,
                    needed > limit ? ": expect failures" : ", close to it",
                    target.inProcess()
                            ? "Run the server in its own process (bin/vortex serve) and pass --url, or raise"
                                    + " ulimit -n."
                            : "The server process has its own limit; raise ulimit -n here if connections fail.");
            System.err.println("WARNING: " + warning);
            report.note(warning);
        }
    }

    private Optional<HeapHistogram> histogram(BenchTarget target) {
        if (!histogram) {
            return Optional.empty();
        }
        if (target.inProcess()) {
            return HeapHistogram.of(ProcessHandle.current().pid());
        }
        return common.serverPid == null ? Optional.empty() : HeapHistogram.of(common.serverPid);
    }

    private void addHistogram(
            Report report,
            BenchTarget target,
            Optional<HeapHistogram> before,
            Optional<HeapHistogram> after,
            int opened) {
        if (before.isEmpty() || after.isEmpty() || opened == 0) {
            report.check(
                    "histogram_taken",
                    "class histograms taken",
                    false,
                    target.inProcess() || common.serverPid != null
                            ? "jcmd GC.class_histogram failed (is jcmd on the PATH?)"
                            : "with --url, --histogram needs --server-pid PID");
            return;
        }
        HeapHistogram.addTo(
                report,
                after.get().perConnection(before.get(), opened, histogramMinBytes),
                target.inProcess() ? "client + server, one process" : "server process " + common.serverPid);
    }

    private long heapUsed(BenchTarget target) {
        if (target.inProcess()) {
            return ProcessStats.heapUsedAfterGc();
        }
        if (common.serverPid == null) {
            return -1;
        }
        return ProcessStats.heapUsedAfterGc(common.serverPid).orElse(-1);
    }

    private OptionalLong rss(BenchTarget target) {
        if (target.inProcess()) {
            return ProcessStats.rssBytes("self");
        }
        return common.serverPid == null ? OptionalLong.empty() : ProcessStats.rssBytes(Long.toString(common.serverPid));
    }
}

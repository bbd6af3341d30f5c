package dev.vortex.bench;

import io.vertx.core.Promise;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vortex-bench fanout}: N clients follow one key (or K keys, or a pattern); M changes are made one
 * after the other; every delivery is timed from the moment its change was triggered to the moment the client
 * read the frame, on this process's clock.
 *
 * <p>A delivery is attributed to a change by its version: the first frame seen with a new version belongs
 * to the change under way (the next change is only triggered once every delivery of this one arrived, or
 * the delivery timeout passed).
 */
@Command(
        name = "fanout",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "N clients follow one key (or --keys K keys, or --patterns); --changes M changes are made"
                    + " --interval-ms apart; reports each delivery's latency from the change's trigger to the"
                    + " client's read (p50/p90/p99/p99.9/max), deliveries/s, and whether every client converged"
                    + " to the final version.",
            "",
            "A change rewrites bench.yml (bench.seq) and has the server notice at once: in-process through"
                    + " refreshNow(), for --url through DELETE /cache/..., which needs --native-dir, the"
                    + " directory that server serves (bin/vortex serve --native DIR).",
            ""
        })
final class FanoutCommand implements Callable<Integer> {
    private static final String SUBSCRIBE =
            "{\"type\":\"subscribe\",\"patterns\":[\"" + SampleRepository.APPLICATION + ":*:*\"]}";

    @Mixin
    CommonOptions common;

    @Option(
            names = {"-n", "--clients"},
            paramLabel = "N",
            description = "Clients. Default: 1000 (quick: 20).")
    Integer clients;

    @Option(
            names = "--keys",
            paramLabel = "K",
            description = "Keys bench:p0 ... bench:p(K-1); client i follows key i mod K (with --patterns, every"
                    + " client gets all K, and any other bench key the server knows). Each change changes all"
                    + " of them. Default: 1.")
    Integer keys;

    @Option(
            names = "--patterns",
            description = "Clients connect to their own key (side:default, which never changes) and subscribe"
                    + " to bench:*:*, so every delivery goes through the pattern index.")
    boolean patterns;

    @Option(
            names = {"-m", "--changes"},
            paramLabel = "M",
            description = "Changes to make. Default: 20 (quick: 3).")
    Integer changes;

    @Option(
            names = "--warmup-changes",
            paramLabel = "W",
            description = "Changes made first and not measured (JIT, caches): the server's compiler is busy for "
                    + "the first few dozen. Default: 30 (quick: 1).")
    Integer warmupChanges;

    @Option(
            names = "--interval-ms",
            paramLabel = "MILLIS",
            description =
                    "Pause between the end of one change's fan-out and the next change. Default: 100" + " (quick: 20).")
    Integer intervalMillis;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Connections opened per second before the changes; 0 for as fast as possible."
                    + " Default: 2000 (quick: 0).")
    Double rate;

    @Option(
            names = "--native-dir",
            paramLabel = "DIR",
            description = "With --url: the directory the server serves; the sample configs are written there.")
    Path nativeDir;

    @Option(
            names = "--peer",
            paramLabel = "URL",
            description = "Measure a plain broadcaster instead of Vortex: its WebSocket URL (ws://host:port/path),"
                    + " e.g. `bin/vortex-bench floor` (bare Netty) or tools/ws-broadcaster (Node). Needs"
                    + " --publish-url.")
    java.net.URI peer;

    @Option(
            names = "--publish-url",
            paramLabel = "URL",
            description = "With --peer: where a change is POSTed; the broadcaster sends the body to every socket.")
    java.net.URI publishUrl;

    @Option(
            names = "--payload-bytes",
            paramLabel = "BYTES",
            description = "With --peer: the size of each published frame, about that of a Vortex change frame."
                    + " Default: 200.")
    Integer payloadBytes;

    @Option(
            names = "--instances",
            paramLabel = "N",
            description = "Start N in-process instances sharing a Redis backplane (--backplane), each with its own"
                    + " clone of one Git repository; clients are spread over them in turn, and only the first"
                    + " detects each change: the others learn of it through the backplane and fetch it. With 1"
                    + " and --backplane, the same path with a single instance, for comparison. Default: 1.")
    Integer instances;

    @Option(
            names = "--backplane",
            paramLabel = "URI",
            description = "With --instances: the Redis the instances share (a stream of this run's own, removed"
                    + " at the end). Default: redis://127.0.0.1:6379.")
    String backplane;

    @Option(
            names = "--delivery-timeout-ms",
            paramLabel = "MILLIS",
            description = "How long to wait for every delivery of one change. Default: 10000 (quick: 5000).")
    Integer deliveryTimeoutMillis;

    @Override
    public Integer call() {
        if ((peer == null) != (publishUrl == null)) {
            System.err.println("--peer and --publish-url go together: the broadcaster's WebSocket URL and where a"
                    + " change is POSTed (was --peer " + peer + ", --publish-url " + publishUrl + ")");
            return 2;
        }
        if (peer != null) {
            return callPeer();
        }
        int instanceCount = instances == null ? 1 : instances;
        boolean cluster = instanceCount > 1 || backplane != null;
        if (instanceCount < 1) {
            System.err.println("--instances must be at least 1, was " + instanceCount);
            return 2;
        }
        if (cluster && (common.url != null || nativeDir != null)) {
            System.err.println("--instances and --backplane start in-process instances: --url and --native-dir do"
                    + " not apply to them");
            return 2;
        }
        if (common.url != null && nativeDir == null) {
            System.err.println("fanout against --url needs --native-dir DIR: the directory that server serves"
                    + " (bin/vortex serve --native DIR), where the changes are written.");
            return 2;
        }
        int keyCount = common.pick(keys, 1, 1);
        if (keyCount < 1) {
            System.err.println("--keys must be at least 1");
            return 2;
        }

        Run run = new Run(
                common.pick(clients, 20, 1000),
                keyCount,
                patterns,
                common.pick(warmupChanges, 1, 30),
                common.pick(changes, 3, 20),
                common.pick(intervalMillis, 20, 100),
                common.pick(deliveryTimeoutMillis, 5000, 10_000));
        Report report = new Report("fanout");
        Map<String, String> headers = common.headersOrNull();
        if (headers == null) {
            return 2;
        }
        try (BenchTarget target = (cluster
                                ? BenchTarget.cluster(
                                        instanceCount,
                                        backplane == null ? "redis://127.0.0.1:6379" : backplane,
                                        keyCount)
                                : BenchTarget.open(common.url, nativeDir, keyCount))
                        .withHeaders(headers);
                ClientLoops loops = new ClientLoops(common.eventLoops)) {
            run.execute(target, loops, common.pick(rate, 0, 2000), common.serverPid, common.compression, report);
        }
        return common.finish(List.of(report));
    }

    private Integer callPeer() {
        if (common.url != null || keys != null || patterns || nativeDir != null || common.compression) {
            System.err.println("--peer measures a plain broadcaster: --url, --keys, --patterns, --native-dir and"
                    + " --compression do not apply to it");
            return 2;
        }
        Report report = new Report("fanout");
        try (ClientLoops loops = new ClientLoops(common.eventLoops)) {
            new PeerFanout(
                            peer,
                            publishUrl,
                            common.pick(clients, 20, 1000),
                            common.pick(warmupChanges, 1, 30),
                            common.pick(changes, 3, 20),
                            common.pick(intervalMillis, 20, 100),
                            common.pick(deliveryTimeoutMillis, 5000, 10_000),
                            payloadBytes == null ? 200 : payloadBytes)
                    .execute(loops, common.pick(rate, 0, 2000), common.serverPid, report);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return common.finish(List.of(report));
    }

    /** One fan-out run; its counters are written on the client event loops and read by the driver. */
    private static final class Run {
        final int clientCount;
        final int keyCount;
        final boolean patterns;
        final int warmupCount;
        final int changeCount;
        final int intervalMillis;
        final int deliveryTimeoutMillis;

        final Follower[] followers;
        final AtomicLongArray triggerNanos;
        final AtomicLongArray firstDeliveryNanos;
        final AtomicLongArray lastDeliveryNanos;
        final AtomicIntegerArray delivered;
        final ConcurrentHashMap<String, Integer> versionToChange = new ConcurrentHashMap<>();
        final Histogram latencyMicros = new ConcurrentHistogram(3);
        final AtomicInteger ready = new AtomicInteger();
        final AtomicInteger violations = new AtomicInteger();
        final AtomicInteger lagged = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger unexpected = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicBoolean closing = new AtomicBoolean();
        final List<String> samples = new ArrayList<>();
        volatile boolean measuring;
        volatile int currentChange;

        Run(
                int clients,
                int keys,
                boolean patterns,
                int warmupChanges,
                int measuredChanges,
                int intervalMillis,
                int timeoutMillis) {
            this.clientCount = clients;
            this.keyCount = keys;
            this.patterns = patterns;
            this.warmupCount = warmupChanges;
            int changes = warmupChanges + measuredChanges;
            this.changeCount = changes;
            this.intervalMillis = intervalMillis;
            this.deliveryTimeoutMillis = timeoutMillis;
            this.followers = new Follower[clients];
            this.triggerNanos = new AtomicLongArray(changes + 1);
            this.firstDeliveryNanos = new AtomicLongArray(changes + 1);
            this.lastDeliveryNanos = new AtomicLongArray(changes + 1);
            this.delivered = new AtomicIntegerArray(changes + 1);
            for (int c = 0; c <= changes; c++) {
                firstDeliveryNanos.set(c, Long.MAX_VALUE);
            }
        }

        void execute(
                BenchTarget target,
                ClientLoops loops,
                double rate,
                Long serverPid,
                boolean compression,
                Report report) {
            report.add("server", "server", target.describe());
            report.add(
                    "variant",
                    "variant",
                    patterns
                            ? "pattern subscription " + SampleRepository.APPLICATION + ":*:* over " + keyCount
                                    + " key(s)"
                            : keyCount == 1 ? "one key" : keyCount + " keys, clients spread over them");
            // Resolve every key once, so that it is known to the pattern index and warm in the cache.
            for (int k = 0; k < keyCount; k++) {
                String path = "/" + SampleRepository.APPLICATION + "/" + SampleRepository.profile(k);
                int status = target.get(path);
                if (status != 200) {
                    throw new IllegalStateException("GET " + path + " answered " + status
                            + (status == 401 || status == 403
                                    ? ": the server requires credentials that may read bench:*:* and have the"
                                            + " refresh and metrics rights (--header 'X-API-Key: KEY' or"
                                            + " --header 'Authorization: Bearer TOKEN')"
                                    : ""));
                }
            }
            target.get("/" + SampleRepository.SIDE_APPLICATION + "/default");

            ConnectionRamp.warmUp(loops, target, path(0), Math.min(clientCount, 200), compression);
            ConnectionRamp ramp = new ConnectionRamp(
                            loops, target.host(), target.port(), clientCount + keyCount, compression)
                    .spreadOver(target.ports())
                    .headers(target.headers());
            report.add("instances", "instances the clients are spread over", target.ports().length);
            boolean allAttempted = ramp.open(
                    clientCount,
                    rate,
                    this::path,
                    (index, socket, started) -> {
                        Follower follower = new Follower(index);
                        followers[index] = follower;
                        socket.textMessageHandler(follower::onFrame);
                        socket.closeHandler(ignored -> {
                            if (!closing.get()) {
                                dropped.incrementAndGet();
                            }
                        });
                        if (patterns) {
                            socket.writeTextMessage(SUBSCRIBE);
                        }
                    },
                    clientCount / 50 + 60);
            int connected = ramp.succeeded();
            boolean allReady = Await.until(() -> ready.get() >= connected, TimeUnit.SECONDS.toNanos(60));
            report.add("clients", "clients connected", connected);
            ramp.reportCompression(report, compression);
            report.add("keys", "keys", keyCount);
            report.addLatencies("connect_ms", "connect time (handshake)", ramp.connectMicros());

            // A pattern follows every bench:* key the server knows, which may be more than the K written here
            // (the server also discovers keys from file names, e.g. bench:default): count what was delivered.
            Await.sleepMillis(patterns ? 300 : 0);
            int followed = 0;
            for (Follower follower : followers) {
                followed += follower == null ? 0 : follower.versions.size();
            }
            int expectedPerChange = followed;
            report.add(
                    "keys_per_client",
                    "keys followed per client",
                    patterns ? expectedPerChange / Math.max(1, connected) : 1);
            Histogram spanMicros = new Histogram(3);
            Histogram firstMicros = new Histogram(3);
            Histogram triggerMicros = new Histogram(3);
            int incomplete = 0;
            long spanNanosTotal = 0;
            long broadcastNanosTotal = 0;
            measuring = true;
            long start = System.nanoTime();
            CpuMeter cpu = new CpuMeter(serverPid);
            double compressedBefore = target.metric("vortex_ws_frames_compressed_total");
            for (int c = 1; c <= changeCount; c++) {
                if (c == warmupCount + 1) {
                    // CPU is counted over the measured changes only, as in the peer run: no JIT of the warm-up.
                    cpu = new CpuMeter(serverPid);
                }
                triggerNanos.set(c, System.nanoTime());
                currentChange = c;
                target.change(c, keyCount == 1 && !patterns);
                if (c > warmupCount) {
                    triggerMicros.recordValue(Math.max(0, (System.nanoTime() - triggerNanos.get(c)) / 1000));
                }
                int change = c;
                if (!Await.until(
                        () -> delivered.get(change) >= expectedPerChange,
                        TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMillis))) {
                    incomplete++;
                }
                if (c > warmupCount && delivered.get(c) > 0) {
                    long span = lastDeliveryNanos.get(c) - triggerNanos.get(c);
                    long first = firstDeliveryNanos.get(c) - triggerNanos.get(c);
                    spanMicros.recordValue(Math.max(0, span / 1000));
                    firstMicros.recordValue(Math.max(0, first / 1000));
                    spanNanosTotal += span;
                    broadcastNanosTotal += lastDeliveryNanos.get(c) - firstDeliveryNanos.get(c);
                }
                if (c < changeCount) {
                    Await.sleepMillis(intervalMillis);
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long measuredDeliveries = 0;
            for (int c = warmupCount + 1; c <= changeCount; c++) {
                measuredDeliveries += delivered.get(c);
            }
            cpu.report(report, target.inProcess());
            cpu.reportPerEvent(report, changeCount - warmupCount, "change");
            cpu.reportPerDelivery(report, measuredDeliveries);
            report.add(
                    "frames_compressed_per_change",
                    "frames compressed by the server per change (vortex_ws_frames_compressed_total)",
                    (target.metric("vortex_ws_frames_compressed_total") - compressedBefore) / changeCount,
                    2,
                    "");
            // Anything still in flight lands now; a late frame would show as a version mismatch below.
            Await.sleepMillis(200);
            measuring = false;

            long total = 0;
            long all = 0;
            for (int c = 1; c <= changeCount; c++) {
                all += delivered.get(c);
                total += c > warmupCount ? delivered.get(c) : 0;
            }
            long expectedAll = (long) expectedPerChange * changeCount;
            report.add("changes", "changes measured (after " + warmupCount + " warm-up)", changeCount - warmupCount);
            report.add("deliveries", "deliveries measured", total);
            report.addLatencies("latency_ms", "delivery latency (trigger -> client read)", latencyMicros);
            report.addLatencies(
                    "trigger_call_ms",
                    target.inProcess() ? "file write + refreshNow() call" : "file write + DELETE /cache call",
                    triggerMicros);
            report.addLatencies("first_delivery_ms", "trigger -> first delivery of a change", firstMicros);
            report.addLatencies("fanout_span_ms", "trigger -> last delivery of a change", spanMicros);
            report.add(
                    "deliveries_per_s",
                    "deliveries/s during fan-out (trigger -> last)",
                    spanNanosTotal > 0 ? total / (spanNanosTotal / 1e9) : 0,
                    0,
                    "");
            report.add(
                    "broadcast_deliveries_per_s",
                    "deliveries/s during fan-out (first -> last)",
                    broadcastNanosTotal > 0 ? total / (broadcastNanosTotal / 1e9) : 0,
                    0,
                    "");
            report.add("run_seconds", "changes phase, incl. pauses", elapsed, 2, "s");
            report.add("lagged", "lagged messages (slow-client conflation)", lagged.get());

            java.util.Set<String> profiles = new java.util.TreeSet<>();
            for (Follower follower : followers) {
                if (follower != null) {
                    profiles.addAll(follower.versions.keySet());
                }
            }
            Map<String, String> finalVersions = finalVersions(ramp, target, profiles);
            int converged = 0;
            List<String> divergent = new ArrayList<>();
            for (Follower follower : followers) {
                if (follower == null) {
                    continue;
                }
                if (follower.holds(finalVersions)) {
                    converged++;
                } else if (divergent.size() < 3) {
                    divergent.add("client " + follower.index + " holds " + follower.describe());
                }
            }
            report.add("converged", "clients converged to the final version", converged);

            report.check(
                    "all_connected",
                    "every client connected",
                    allAttempted && ramp.failed() == 0 && connected == clientCount,
                    connected + "/" + clientCount
                            + (ramp.errors().isEmpty() ? "" : "; first errors: " + ramp.errors()));
            report.check(
                    "all_ready",
                    "every client got its snapshots",
                    allReady && ready.get() == connected,
                    ready.get() + "/" + connected);
            report.check(
                    "all_delivered",
                    "every change reached every client",
                    incomplete == 0 && all == expectedAll,
                    all + "/" + expectedAll + " deliveries (warm-up included), " + incomplete
                            + " change(s) incomplete within " + deliveryTimeoutMillis + " ms");
            report.check(
                    "converged",
                    "every client holds the server's final version",
                    connected > 0 && converged == connected,
                    converged + "/" + connected + (divergent.isEmpty() ? "" : "; e.g. " + divergent));
            synchronized (samples) {
                report.check(
                        "chained",
                        "every config_change starts from the version the client held",
                        violations.get() == 0,
                        violations.get() + " violation(s)" + (samples.isEmpty() ? "" : ": " + samples));
            }
            report.check(
                    "no_errors",
                    "no error frames, no unexpected frames, no drops",
                    errors.get() == 0 && unexpected.get() == 0 && dropped.get() == 0,
                    errors.get() + " error(s), " + unexpected.get() + " unexpected, " + dropped.get() + " dropped");
            closing.set(true);
        }

        private String path(int index) {
            return patterns
                    ? "/ws/" + SampleRepository.SIDE_APPLICATION + "/default"
                    : "/ws/" + SampleRepository.APPLICATION + "/" + SampleRepository.profile(index % keyCount);
        }

        /** The version of each key as a fresh client sees it: the snapshot of one extra connection per key. */
        private Map<String, String> finalVersions(
                ConnectionRamp ramp, BenchTarget target, java.util.Set<String> profiles) {
            Map<String, String> versions = new java.util.HashMap<>();
            for (String profile : profiles) {
                Promise<String> version = Promise.promise();
                WebSocketConnectOptions options = new WebSocketConnectOptions()
                        .setHost(target.host())
                        .setPort(target.port())
                        .setURI("/ws/" + SampleRepository.APPLICATION + "/" + profile)
                        .addSubProtocol("vortex.v1");
                target.headers().forEach(options::addHeader);
                ramp.client().connect(options).onComplete(result -> {
                    if (result.failed()) {
                        version.tryFail(result.cause());
                        return;
                    }
                    result.result().textMessageHandler(frame -> {
                        version.tryComplete(FrameScan.targetVersion(FrameScan.type(frame), frame));
                        result.result().close();
                    });
                });
                versions.put(profile, Await.result(version.future(), 10));
            }
            return versions;
        }

        /** One client's view: the version it holds of each key. Written only on its event loop. */
        private final class Follower {
            final int index;
            /** Profile (of application bench) to the version held; read by the driver at the end. */
            final Map<String, String> versions = new ConcurrentHashMap<>(4);

            boolean ready;

            Follower(int index) {
                this.index = index;
            }

            void onFrame(String frame) {
                long now = System.nanoTime();
                String type = FrameScan.type(frame);
                if (FrameScan.CHANGE.equals(type) || FrameScan.SNAPSHOT.equals(type)) {
                    onConfig(type, frame, now);
                } else if (FrameScan.LAGGED.equals(type)) {
                    lagged.incrementAndGet();
                } else if ("error".equals(type)) {
                    errors.incrementAndGet();
                    sample("error frame: " + frame);
                } else if (type == null) {
                    unexpected.incrementAndGet();
                    sample("unexpected frame: " + frame);
                }
                // subscribed, ping, pong: nothing to do.
            }

            private void onConfig(String type, String frame, long now) {
                if (!SampleRepository.APPLICATION.equals(FrameScan.first(frame, "app"))) {
                    return; // The own key of a pattern subscriber, which never changes.
                }
                String profile = FrameScan.first(frame, "profile");
                String version = FrameScan.targetVersion(type, frame);
                if (profile == null || version == null) {
                    unexpected.incrementAndGet();
                    sample("no profile or version in: " + frame);
                    return;
                }
                String previous = versions.get(profile);
                if (FrameScan.CHANGE.equals(type)) {
                    String from = FrameScan.last(frame, "old_version");
                    if (previous == null || !previous.equals(from)) {
                        violations.incrementAndGet();
                        sample("client " + index + " holds " + previous + " but got a change from " + from);
                    }
                }
                versions.put(profile, version);
                if (!ready && holdsRequiredKeys()) {
                    ready = true;
                    Run.this.ready.incrementAndGet();
                }
                if (!measuring || previous == null) {
                    return;
                }
                int change = versionToChange.computeIfAbsent(version, ignored -> currentChange);
                if (change > warmupCount) {
                    latencyMicros.recordValue(Math.max(0, (now - triggerNanos.get(change)) / 1000));
                }
                delivered.incrementAndGet(change);
                firstDeliveryNanos.accumulateAndGet(change, now, Math::min);
                lastDeliveryNanos.accumulateAndGet(change, now, Math::max);
            }

            /** Its own key, or with a pattern each of the K keys written here. */
            private boolean holdsRequiredKeys() {
                if (!patterns) {
                    return versions.containsKey(SampleRepository.profile(index % keyCount));
                }
                for (int k = 0; k < keyCount; k++) {
                    if (!versions.containsKey(SampleRepository.profile(k))) {
                        return false;
                    }
                }
                return true;
            }

            boolean holds(Map<String, String> finalVersions) {
                if (!holdsRequiredKeys()) {
                    return false;
                }
                for (Map.Entry<String, String> held : versions.entrySet()) {
                    if (!held.getValue().equals(finalVersions.get(held.getKey()))) {
                        return false;
                    }
                }
                return true;
            }

            String describe() {
                return versions.toString();
            }
        }

        private void sample(String text) {
            synchronized (samples) {
                if (samples.size() < 3) {
                    samples.add(text.length() > 300 ? text.substring(0, 300) + "..." : text);
                }
            }
        }
    }
}

package dev.vortex.bench;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vortex-bench http}: C closed-loop users, each sending its next {@code GET /{application}/{profile}}
 * as soon as the last answer arrived, over a pool of C keep-alive connections (no pipelining), with Vert.x's
 * non-blocking client on the load generator's event loops.
 */
@Command(
        name = "http",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Requests/s and latency percentiles of warm GET /{application}/{profile} at --concurrency C"
                    + " (C keep-alive connections, each with one request at a time) for --duration seconds,"
                    + " after --warmup seconds.",
            ""
        })
final class HttpCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = {"-c", "--concurrency"},
            paramLabel = "C",
            description = "Connections, each with one request in flight. Default: 50 (quick: 4).")
    Integer concurrency;

    @Option(
            names = {"-d", "--duration"},
            paramLabel = "SECONDS",
            description = "Measured seconds. Default: 10 (quick: 1).")
    Double duration;

    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description = "Unmeasured seconds first (JIT, cache, connections). Default: 5 (quick: 0.5).")
    Double warmup;

    @Option(
            names = "--path",
            paramLabel = "PATH",
            defaultValue = "/bench/p0",
            description = "The request path. Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(
            names = "--keys",
            paramLabel = "N",
            description = "With --cold: applications in the generated repository, each asked once. Default: 1000"
                    + " (quick: 20).")
    Integer keys;

    @Option(
            names = "--cold",
            description = "The fleet restart: a freshly started in-process server over a generated repository of"
                    + " --keys applications; each connection asks distinct never-resolved keys once; reports"
                    + " keys/s and latency percentiles.")
    boolean cold;

    @Option(
            names = "--repository",
            paramLabel = "git|native",
            defaultValue = "git",
            description = "With --cold: the generated repository's kind. Default: ${DEFAULT-VALUE}.")
    String repository;

    @Option(
            names = "--jit-warmup-rounds",
            paramLabel = "R",
            description = "With --cold: rounds first on other fresh servers (JIT warm, caches cold). Default: 0.")
    Integer jitWarmupRounds;

    @Option(
            names = "--discover-keys",
            paramLabel = "true|false",
            arity = "1",
            defaultValue = "true",
            description = "With --cold: the server's key discovery (on by default, as in bin/vortex serve); off"
                    + " shows what the discovered keys' resolutions cost the fleet. Default: ${DEFAULT-VALUE}.")
    boolean discoverKeys;

    @Override
    public Integer call() {
        if (cold) {
            return callCold();
        }
        if (keys != null || jitWarmupRounds != null) {
            System.err.println("--keys and --jit-warmup-rounds go with --cold");
            return 2;
        }
        int users = common.pick(concurrency, 4, 50);
        double seconds = common.pick(duration, 1, 10);
        double warmupSeconds = common.pick(warmup, 0.5, 5);
        Report report = new Report("http");
        Map<String, String> headers = common.headersOrNull();
        if (headers == null) {
            return 2;
        }
        try (BenchTarget target = BenchTarget.open(common.url, null, 1).withHeaders(headers);
                ClientLoops loops = new ClientLoops(common.eventLoops)) {
            report.add("server", "server", target.describe());
            int firstStatus = target.get(path);
            HttpClient client = loops.vertx()
                    .createHttpClient(
                            new HttpClientOptions()
                                    .setKeepAlive(true)
                                    .setPipelining(false)
                                    .setDefaultHost(target.host())
                                    .setDefaultPort(target.port()),
                            new PoolOptions().setHttp1MaxSize(users).setMaxWaitQueueSize(-1));
            RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setURI(path);
            headers.forEach(get::addHeader);
            Load load = new Load(client, get);
            for (int i = 0; i < users; i++) {
                Context context = loops.next();
                context.runOnContext(ignored -> load.next());
            }
            Await.sleepMillis((long) (warmupSeconds * 1000));
            load.reset();
            long start = System.nanoTime();
            CpuMeter cpu = new CpuMeter(common.serverPid);
            Await.sleepMillis((long) (seconds * 1000));
            cpu.report(report, target.inProcess());
            long measured = load.completed.get();
            cpu.reportMicrosPerEvent(report, measured, "request");
            long errors = load.errors.get();
            long unexpected = load.unexpectedStatus.get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            load.stop();
            Await.until(() -> load.inFlight.get() == 0, TimeUnit.SECONDS.toNanos(10));

            report.add("path", "request", "GET " + path);
            report.add("concurrency", "connections (one request in flight each)", users);
            report.add("duration_seconds", "measured", elapsed, 1, "s");
            report.add("requests", "requests answered", measured);
            report.add("requests_per_s", "throughput", measured / elapsed, 0, "requests/s");
            report.addLatencies("latency_ms", "latency", load.latencyMicros);
            report.add("errors", "failed requests", errors);
            report.add("non_200", "answers other than 200", unexpected);
            report.check("first_ok", "the warm-up GET answered 200", firstStatus == 200, "status " + firstStatus);
            report.check("answered", "requests were answered", measured > 0, measured + " answered");
            report.check(
                    "no_failures",
                    "no failed request, every answer 200",
                    errors == 0 && unexpected == 0,
                    errors + " failed" + (load.firstError == null ? "" : " (" + load.firstError + ")") + ", "
                            + unexpected + " not 200");
        }
        return common.finish(List.of(report));
    }

    private Integer callCold() {
        if (common.url != null) {
            System.err.println("--cold starts its own server over a generated repository; it does not take --url");
            return 2;
        }
        if (!repository.equals("git") && !repository.equals("native")) {
            System.err.println("--repository must be git or native, was " + repository);
            return 2;
        }
        int keyCount = common.pick(keys, 20, 1000);
        int users = common.pick(concurrency, 4, 50);
        int rounds = jitWarmupRounds == null ? 0 : jitWarmupRounds;
        if (keyCount < 1 || users < 1 || rounds < 0) {
            System.err.println("--keys and --concurrency must be at least 1 and --jit-warmup-rounds at least 0; were "
                    + keyCount + ", " + users + ", " + rounds);
            return 2;
        }
        Report report = new Report("http-cold");
        try (ClientLoops loops = new ClientLoops(common.eventLoops)) {
            new ColdKeys(keyCount, users, repository.equals("git"), discoverKeys).execute(loops, rounds, report);
        }
        return common.finish(List.of(report));
    }

    /** The closed loop: every completion sends the next request from the same event loop. */
    private static final class Load {
        final HttpClient client;
        final RequestOptions request;
        final Histogram latencyMicros = new ConcurrentHistogram(3);
        final AtomicLong completed = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong unexpectedStatus = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean stopped;
        volatile String firstError;

        Load(HttpClient client, RequestOptions request) {
            this.client = client;
            this.request = request;
        }

        void next() {
            if (stopped) {
                return;
            }
            inFlight.incrementAndGet();
            long start = System.nanoTime();
            client.request(request)
                    .compose(req -> req.send())
                    .compose(response -> response.body().map(body -> response.statusCode()))
                    .onComplete(result -> {
                        long micros = (System.nanoTime() - start) / 1000;
                        inFlight.decrementAndGet();
                        if (result.succeeded()) {
                            latencyMicros.recordValue(Math.max(0, micros));
                            completed.incrementAndGet();
                            if (result.result() != 200) {
                                unexpectedStatus.incrementAndGet();
                            }
                        } else {
                            errors.incrementAndGet();
                            if (firstError == null) {
                                firstError = result.cause().toString();
                            }
                            // Not a busy loop against a server that is down.
                            io.vertx.core.Vertx.currentContext().owner().setTimer(10, timer -> next());
                            return;
                        }
                        next();
                    });
        }

        /** Ends the warm-up: what follows is measured. */
        void reset() {
            latencyMicros.reset();
            completed.set(0);
            errors.set(0);
            unexpectedStatus.set(0);
        }

        void stop() {
            stopped = true;
        }
    }
}

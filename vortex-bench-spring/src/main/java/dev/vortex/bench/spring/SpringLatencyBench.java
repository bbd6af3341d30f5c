package dev.vortex.bench.spring;

import dev.vortex.client.VortexClient;
import dev.vortex.compat.VortexProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * From a change to the new value inside a Spring bean. The packaged Vortex server runs in its own JVM over a temporary
 * native directory; this JVM runs a Spring Boot application with the starter. Each change rewrites {@code bench.yml};
 * it is timed from the write ({@code file} trigger: the server's directory watcher notices it) or from the
 * {@code DELETE /cache/bench/default} call made right after the write ({@code cache} trigger), to the moment both a
 * {@code @ConfigurationProperties} and a {@code @RefreshScope} bean hold the new value. Changes are made one at a time.
 * Then {@code --heap-clients} more clients are connected to measure the client's heap per connection.
 */
@Command(
        name = "spring",
        mixinStandardHelpOptions = true,
        description = "Latency from a file edit / DELETE /cache to the new value in a Spring bean; client heap.")
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(BenchProperties.class)
@Import({RefreshedValue.class, ArrivalClock.class})
public class SpringLatencyBench implements Callable<Integer> {
    private static final String APPLICATION = "bench";

    @Option(names = "--changes", description = "Changes measured per trigger (default: ${DEFAULT-VALUE}).")
    int changes = 100;

    @Option(
            names = "--warmup",
            description = "Changes made first per trigger and not measured (default: ${DEFAULT-VALUE}).")
    int warmup = 20;

    @Option(names = "--interval-ms", description = "Pause between changes (default: ${DEFAULT-VALUE}).")
    long intervalMillis = 150;

    @Option(
            names = "--heap-clients",
            description =
                    "Extra clients connected to measure heap per connection (default: ${DEFAULT-VALUE}; 0: skip).")
    int heapClients = 200;

    @Option(names = "--quick", description = "A short run for CI: 20 changes, 5 warm-up, 20 heap clients.")
    boolean quick;

    private final HttpClient control = HttpClient.newHttpClient();
    private long sequence;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SpringLatencyBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (quick) {
            changes = 20;
            warmup = 5;
            heapClients = 20;
        }
        Path repo = Files.createTempDirectory("vortex-bench-spring-");
        write(repo, 0);
        try (VortexProcess vortex = VortexProcess.start("--native", repo.toString());
                ConfigurableApplicationContext app = new SpringApplicationBuilder(SpringLatencyBench.class)
                        .web(WebApplicationType.NONE)
                        .run(
                                "--spring.config.import=vortex:" + vortex.url(),
                                "--spring.application.name=" + APPLICATION)) {
            ArrivalClock clock = app.getBean(ArrivalClock.class);
            // A bare client of the same key beside the application: when it has the change, the starter's client
            // has it too; the rest of the way to the bean is the starter's and Spring's.
            VortexClient bare = VortexClient.builder()
                    .url(URI.create(vortex.url()))
                    .application(APPLICATION)
                    .profiles("default")
                    .build();
            bare.start().get(10, TimeUnit.SECONDS);
            bare.addListener(change ->
                    clock.clientReceived(change.config().getLong("bench.value").orElse(-1L)));
            System.out.printf(
                    "spring bench: Spring Boot app (starter, Spring Cloud) <- Vortex %s (own JVM) over %s; %d changes"
                            + " per trigger after %d warm-up, %d ms apart; %d cores%n",
                    vortex.url(),
                    repo,
                    changes,
                    warmup,
                    intervalMillis,
                    Runtime.getRuntime().availableProcessors());
            boolean ok = measure("file", "file write -> bean", vortex, repo, clock)
                    & measure("cache", "DELETE /cache -> bean", vortex, repo, clock);
            if (heapClients > 0) {
                heapPerConnection(vortex.url());
            }
            return ok ? 0 : 1;
        }
    }

    private boolean measure(String trigger, String label, VortexProcess vortex, Path repo, ArrivalClock clock)
            throws Exception {
        Histogram micros = new Histogram(3);
        Histogram clientMicros = new Histogram(3);
        int lost = 0;
        for (int i = 0; i < warmup + changes; i++) {
            long value = ++sequence;
            clock.expect(value);
            long start = System.nanoTime();
            write(repo, value);
            if (trigger.equals("cache")) {
                start = System.nanoTime();
                deleteCache(vortex.url());
            }
            long arrival = clock.await(TimeUnit.SECONDS.toMillis(10));
            if (arrival < 0) {
                lost++;
            } else if (i >= warmup) {
                micros.recordValue(Math.max(0, (arrival - start) / 1000));
                long received = clock.clientReceivedNanos();
                if (received > 0) {
                    clientMicros.recordValue(Math.max(0, (received - start) / 1000));
                }
            }
            Thread.sleep(intervalMillis);
        }
        print(label, micros, lost == 0 ? "" : "  (" + lost + " changes never arrived within 10 s)");
        print("  of which to a client", clientMicros, "");
        return lost == 0;
    }

    private static void print(String label, Histogram micros, String note) {
        System.out.printf(
                "%-22s n=%d  p50 %s ms  p90 %s ms  p99 %s ms  max %s ms  mean %s ms%s%n",
                label,
                micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)),
                ms(micros.getMaxValue()),
                ms((long) micros.getMean()),
                note);
    }

    /**
     * Connects {@code heapClients} more clients of the same key (each with its own WebSocket) and reports the heap they
     * hold after a full GC, per client, and the threads each adds.
     */
    private void heapPerConnection(String url) throws Exception {
        long before = usedHeapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<VortexClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < heapClients; i++) {
                VortexClient client = VortexClient.builder()
                        .url(URI.create(url))
                        .application(APPLICATION)
                        .profiles("default")
                        .build();
                clients.add(client);
                client.start().get(10, TimeUnit.SECONDS);
            }
            long after = usedHeapAfterGc();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
            System.out.printf(
                    "client heap per connection: %.1f KB (%d clients, %.1f MB in all, config of %d properties),"
                            + " %.1f threads per client%n",
                    (after - before) / 1024.0 / heapClients,
                    heapClients,
                    (after - before) / 1024.0 / 1024.0,
                    clients.get(0).config().flat().size(),
                    threads / (double) heapClients);
        } finally {
            clients.forEach(VortexClient::close);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private void deleteCache(String url) throws IOException, InterruptedException {
        HttpResponse<Void> response = control.send(
                HttpRequest.newBuilder(URI.create(url + "/cache/" + APPLICATION + "/default"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("DELETE /cache answered " + response.statusCode());
        }
    }

    /** A config of a realistic size (40 properties) whose {@code bench.value} is {@code value}. */
    private static void write(Path repo, long value) throws IOException {
        StringBuilder yaml =
                new StringBuilder("bench:\n  value: ").append(value).append('\n');
        yaml.append("service:\n");
        for (int i = 0; i < 39; i++) {
            yaml.append("  setting-")
                    .append(i)
                    .append(": value of setting ")
                    .append(i)
                    .append('\n');
        }
        Files.writeString(repo.resolve(APPLICATION + ".yml"), yaml);
    }

    private static String ms(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }
}

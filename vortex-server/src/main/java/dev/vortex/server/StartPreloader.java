package dev.vortex.server;

import dev.vortex.core.format.ConfigFormat;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and initializes, on a background thread, the libraries a starting server needs, while the main thread
 * is still reading the command line: Micrometer's registry, Netty's native transport, Vert.x's HTTP
 * server and Netty's HTTP codec, Jackson, SnakeYAML. A start spends most of its time loading classes one after the other on one thread; on a
 * machine with a second core this moves a third of that work off the critical path (the same idea as Spring
 * Boot's {@code BackgroundPreinitializer}).
 *
 * <p>Nothing here is kept: each step builds something and throws it away, only the classes (initialized, and
 * linked call sites) stay. The server's start {@linkplain #awaitCompletion waits} for the preloader before it
 * touches these libraries itself, so that the two threads share little: a class is initialized once, by whichever
 * thread comes first (the other waits), and only a cycle between two static initializers reached from both sides
 * at once could deadlock. Meanwhile the main thread only parses the command line and, with {@code --config}, reads
 * the settings file (the same YAML reader as the preloader's sample, whose classes have no such cycle). A failing
 * step is logged at debug level and skipped: the server loads the class itself when it needs it.
 */
public final class StartPreloader {
    /** The most the server's start waits for a preloader that got stuck. */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    /** Classes whose loading and static initialization is worth doing early; loaded in this order. */
    private static final List<String> CLASSES = List.of(
            "io.netty.util.internal.PlatformDependent",
            "io.netty.buffer.ByteBufAllocator",
            "io.netty.channel.epoll.Epoll",
            "io.netty.handler.codec.http.HttpServerCodec",
            "io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory",
            "io.vertx.core.Vertx",
            "io.vertx.ext.web.Router",
            // What the event loops load to listen and answer the first request (~400 classes, from a class-load
            // log of a start): these and the classes they need when they initialize.
            "io.netty.bootstrap.ServerBootstrap",
            "io.netty.channel.DefaultChannelPipeline",
            "io.netty.channel.group.DefaultChannelGroup",
            "io.netty.channel.epoll.EpollServerSocketChannel",
            "io.netty.channel.epoll.EpollSocketChannel",
            "io.netty.handler.timeout.IdleStateHandler",
            "io.netty.handler.codec.http.HttpRequestDecoder",
            "io.netty.handler.codec.http.HttpResponseEncoder",
            "io.netty.handler.codec.http.HttpResponseStatus",
            "io.netty.handler.codec.http.DefaultFullHttpResponse",
            "io.vertx.core.net.impl.NetServerImpl",
            "io.vertx.core.http.impl.HttpServerImpl",
            "io.vertx.core.http.impl.HttpServerConnectionInitializer",
            "io.vertx.core.http.impl.Http1xServerConnection",
            "io.vertx.core.http.impl.Http1xServerRequest",
            "io.vertx.core.http.impl.Http1xServerResponse",
            "io.vertx.ext.web.impl.RoutingContextImpl",
            "dev.vortex.server.realtime.protocol.ServerMessages",
            "dev.vortex.server.realtime.protocol.ClientMessages",
            "dev.vortex.server.config.EnvironmentJson",
            "com.github.benmanes.caffeine.cache.Caffeine");

    private static final byte[] SAMPLE_YAML =
            "server:\n  port: 8080\nlist: [a, b]\n---\nspring.config.activate.on-profile: prod\nx: 1\n"
                    .getBytes(StandardCharsets.UTF_8);

    private static volatile Thread running;

    private StartPreloader() {}

    /**
     * Sets the logging up on the calling thread, then starts preloading on a daemon thread; does nothing if it was
     * started already.
     */
    public static synchronized void startInBackground() {
        if (running != null) {
            return;
        }
        // On this thread, before the preloader starts: while SLF4J initializes, a logger asked for on another
        // thread is a stand-in, and one made just as initialization ends is a no-op logger forever. Set up on the
        // preloader, it turned the command line's loggers (made meanwhile on the main thread) silent now and then:
        // a server that started but never said "listening".
        LoggerFactory.getILoggerFactory();
        Thread thread = new Thread(StartPreloader::preload, "vortex-preload");
        thread.setDaemon(true);
        running = thread;
        thread.start();
    }

    /**
     * Waits for the preloader to finish, if one was started. Called before the server builds anything the
     * preloader touches.
     */
    static void awaitCompletion() {
        Thread thread = running;
        if (thread == null) {
            return;
        }
        try {
            thread.join(MAX_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log().warn("class preloading did not finish in {} s; starting anyway", MAX_WAIT.toSeconds());
        }
    }

    /**
     * Runs every step on the calling thread.
     *
     * @return the steps that failed, each with its reason (empty when all went well)
     */
    static List<String> preload() {
        long started = System.nanoTime();
        Logger log = log();
        List<String> failed = new ArrayList<>();
        // The registry and a request timer with its histogram, as the first request records one; the JVM meters
        // bind on a thread of their own when the server makes its registry (ServerMetrics).
        step(
                "metrics",
                () -> {
                    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                    Timer.builder("preload")
                            .tag("uri", "/")
                            .publishPercentileHistogram()
                            .register(registry)
                            .record(1, TimeUnit.MILLISECONDS);
                    registry.close();
                },
                failed);
        for (String name : CLASSES) {
            step(name, () -> Class.forName(name, true, StartPreloader.class.getClassLoader()), failed);
        }
        step("yaml", () -> ConfigFormat.YML.parse("preload.yml", SAMPLE_YAML), failed);
        log.debug("preloaded in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return failed;
    }

    private static void step(String name, ThrowingStep step, List<String> failed) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            // A missing optional library (no native transport here) must not stop a start: the server finds out
            // and says so itself when it needs the class.
            log().debug("preloading {} failed (it loads when needed instead): {}", name, e.toString());
            failed.add(name + ": " + e);
        }
    }

    private static Logger log() {
        return LoggerFactory.getLogger(StartPreloader.class);
    }

    @FunctionalInterface
    private interface ThrowingStep {
        void run() throws Exception;
    }
}

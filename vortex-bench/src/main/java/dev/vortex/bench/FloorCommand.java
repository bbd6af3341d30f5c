package dev.vortex.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vortex-bench floor}: runs the {@link FloorBroadcaster} in this process until it is stopped, so that it
 * can be measured as a server process of its own, exactly as {@code bin/vortex serve} is.
 */
@Command(
        name = "floor",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the bare-Netty broadcaster (the JVM's floor for fan-out) until stopped: WebSocket on any path,"
                    + " POST /publish sends its body as one text frame to every socket. Prints its port and pid;"
                    + " measure it with: fanout --peer ws://HOST:PORT/ --publish-url http://HOST:PORT/publish"
                    + " --server-pid PID.",
            ""
        })
final class FloorCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "Port; 0 for a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--event-loops",
            paramLabel = "N",
            description = "Worker event loops. Default: one per core, as Vortex's server.")
    Integer eventLoops;

    @Override
    public Integer call() throws InterruptedException {
        int loops = eventLoops != null ? eventLoops : Runtime.getRuntime().availableProcessors();
        if (loops < 1) {
            System.err.println("--event-loops must be at least 1, was " + loops);
            return 2;
        }
        FloorBroadcaster floor = FloorBroadcaster.start(host, port, loops);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            floor.close();
            stopped.countDown();
        }));
        System.out.println("floor broadcaster listening on " + host + ":" + floor.port() + " (" + floor.transport()
                + ", " + loops + " event loops), pid " + ProcessHandle.current().pid());
        System.out.flush();
        stopped.await();
        return 0;
    }
}

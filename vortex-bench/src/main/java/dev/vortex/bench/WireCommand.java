package dev.vortex.bench;

import dev.vortex.server.realtime.WireSizes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vortex-bench wire}: the wire bytes of the server's messages with and without {@code
 * permessage-deflate}, and what compressing each costs: the measurement behind the server's compression
 * threshold.
 */
@Command(
        name = "wire",
        mixinStandardHelpOptions = true,
        description = {
            "Wire bytes of a snapshot, changes and small messages of the ~200-property sample config, plain and"
                    + " compressed (permessage-deflate, as the server compresses: raw DEFLATE, sync flush, no"
                    + " context takeover), and the time one compression takes on this machine.",
            ""
        })
final class WireCommand implements Callable<Integer> {
    @Option(
            names = "--iterations",
            paramLabel = "N",
            defaultValue = "20000",
            description = "Compressions timed per message. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Override
    public Integer call() {
        List<WireSizes.Row> rows = WireSizes.measure(iterations);
        System.out.println("message                              plain B  deflated B  saved   compress (one thread)");
        for (WireSizes.Row row : rows) {
            System.out.println(String.format(
                    Locale.ROOT,
                    "%-36s %7d  %10d  %4.0f %%  %8.1f µs",
                    row.message(),
                    row.plainBytes(),
                    row.compressedBytes(),
                    100.0 * (row.plainBytes() - row.compressedBytes()) / row.plainBytes(),
                    row.compressMicros()));
        }
        System.out.println();
        System.out.println(
                "As the server sends them (shared frames under " + WireSizes.thresholdBytes() + " B go uncompressed):");
        for (Map.Entry<String, int[]> frame : WireSizes.sharedFrames().entrySet()) {
            System.out.println(String.format(
                    Locale.ROOT, "%-36s %7d  %10d", frame.getKey(), frame.getValue()[0], frame.getValue()[1]));
        }
        return 0;
    }
}

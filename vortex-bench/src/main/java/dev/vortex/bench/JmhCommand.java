package dev.vortex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code vortex-bench jmh [regex] [JMH options]}: runs the JMH micro-benchmarks of
 * {@code dev.vortex.bench.jmh} through {@link org.openjdk.jmh.Main}; every argument is passed on
 * ({@code -h} lists JMH's options, {@code -l} the benchmarks).
 */
@Command(
        name = "jmh",
        description = {
            "Runs the JMH micro-benchmarks (config diff, frame serialisation, pattern lookup, auth checks, a change's resolution). Arguments go to"
                    + " JMH unchanged: a regex selects benchmarks, -l lists them, -h shows JMH's options.",
            ""
        })
final class JmhCommand implements Callable<Integer> {
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(arguments);
        if (args.isEmpty()) {
            args.add("dev.vortex.bench.jmh");
        }
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}

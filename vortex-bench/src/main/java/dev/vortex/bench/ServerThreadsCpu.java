package dev.vortex.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of an in-process server's own threads during a measured phase: its resolver threads and its event
 * loops, told apart from the load generator's event loops (which run in the same process) by thread id.
 *
 * <p>Unlike the whole process's CPU time, this leaves out the JIT compiler, the garbage collector and the load
 * generator, so that a figure per request says what the server's code costs, whoever else uses the cores.
 */
final class ServerThreadsCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Set<Long> loadGeneratorThreads;
    private final Map<Long, Long> startNanos;

    /** @param loadGeneratorThreads the ids of the load generator's threads, which are not counted */
    ServerThreadsCpu(Set<Long> loadGeneratorThreads) {
        this.loadGeneratorThreads = loadGeneratorThreads;
        this.startNanos = snapshot();
    }

    /**
     * Adds the CPU time per event, since this meter started, of the server's resolver threads and of all its
     * threads (resolvers and event loops), in milliseconds; adds nothing where the JVM cannot measure threads.
     */
    void reportPerEvent(Report report, int events, String event) {
        if (events <= 0 || !THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
            return;
        }
        long resolvers = 0;
        long eventLoops = 0;
        for (Map.Entry<Long, Long> thread : snapshot().entrySet()) {
            ThreadInfo info = THREADS.getThreadInfo(thread.getKey());
            if (info == null || loadGeneratorThreads.contains(thread.getKey())) {
                continue;
            }
            // A thread started during the phase counts from zero.
            long used = thread.getValue() - startNanos.getOrDefault(thread.getKey(), 0L);
            if (info.getThreadName().startsWith("vortex-resolver")) {
                resolvers += used;
            } else if (info.getThreadName().startsWith("vert.x-eventloop")) {
                eventLoops += used;
            }
        }
        report.add(
                "server_threads_cpu_ms_per_" + event,
                "server CPU per " + event + " (resolver threads + event loops; no JIT, GC or load generator)",
                (resolvers + eventLoops) / 1e6 / events,
                3,
                "ms");
        report.add(
                "resolver_cpu_ms_per_" + event,
                "  of which resolver threads (read, parse, merge, encode)",
                resolvers / 1e6 / events,
                3,
                "ms");
    }

    private static Map<Long, Long> snapshot() {
        Map<Long, Long> nanos = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long used = THREADS.getThreadCpuTime(id);
            if (used >= 0) {
                nanos.put(id, used);
            }
        }
        return nanos;
    }
}

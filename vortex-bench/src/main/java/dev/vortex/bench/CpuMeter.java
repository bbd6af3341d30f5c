package dev.vortex.bench;

import java.util.Locale;
import java.util.Map;

/**
 * CPU used during a measured phase, in cores: by this process (the load generator, and the server too when
 * it runs in-process) and, when its pid is known, by an external server. It shows which side is the
 * bottleneck: on a 2-core machine, a load generator near 2 cores is measuring itself.
 */
final class CpuMeter {
    private final Long serverPid;
    private final long startNanos = System.nanoTime();
    private final long selfStart = ProcessStats.cpuNanos();
    private final long serverStart;
    private final long compilerStart;
    private final Map<ProcessStats.ThreadGroup, Long> threadGroupsStart;

    CpuMeter(Long serverPid) {
        this.serverPid = serverPid;
        this.serverStart = serverPid == null ? -1 : ProcessStats.cpuNanos(serverPid);
        this.compilerStart = serverPid == null ? -1 : ProcessStats.compilerCpuNanos(serverPid);
        this.threadGroupsStart = serverPid == null ? null : ProcessStats.threadGroupCpuNanos(serverPid);
    }

    /**
     * Adds the server's CPU time per event so far (an external server's, or this whole process's when the
     * server runs in it), in milliseconds.
     */
    void reportPerEvent(Report report, int events, String event) {
        if (events <= 0) {
            return;
        }
        long used = serverNanosSoFar();
        if (used >= 0) {
            report.add(
                    "cpu_ms_per_" + event,
                    (serverPid != null ? "server CPU per " : "CPU (load generator + server) per ") + event,
                    used / 1e6 / events,
                    2,
                    "ms");
        }
        long compilers = compilerNanosSoFar();
        if (used >= 0 && compilers >= 0) {
            report.add(
                    "jit_cpu_ms_per_" + event,
                    "  of which the server's JIT compiler threads",
                    compilers / 1e6 / events,
                    2,
                    "ms");
        }
    }

    /**
     * Adds the server's CPU time per event so far (an external server's, or this whole process's when the server
     * runs in it), in microseconds: for events far cheaper than a millisecond, such as a request.
     */
    void reportMicrosPerEvent(Report report, long events, String event) {
        long used = serverNanosSoFar();
        if (events > 0 && used >= 0) {
            report.add(
                    "cpu_us_per_" + event,
                    (serverPid != null ? "server CPU per " : "CPU (load generator + server) per ") + event,
                    used / 1e3 / events,
                    1,
                    "µs");
        }
    }

    /**
     * Adds the server's CPU time per delivery so far, in microseconds: what one message to one socket costs the
     * server, a figure that does not depend on who else uses the cores (unlike latency).
     */
    void reportPerDelivery(Report report, long deliveries) {
        if (deliveries <= 0) {
            return;
        }
        long used = serverNanosSoFar();
        if (used >= 0) {
            report.add(
                    "cpu_us_per_delivery",
                    (serverPid != null ? "server CPU per delivery" : "CPU (load generator + server) per delivery"),
                    used / 1e3 / deliveries,
                    2,
                    "µs");
        }
        long compilers = compilerNanosSoFar();
        if (used >= 0 && compilers >= 0) {
            report.add(
                    "cpu_us_per_delivery_without_jit",
                    "server CPU per delivery, without its JIT compiler threads (the JIT's work ends; the rest"
                            + " stays)",
                    (used - compilers) / 1e3 / deliveries,
                    2,
                    "µs");
        }
        reportThreadGroupsPerDelivery(report, deliveries);
    }

    /**
     * Splits the server's CPU per delivery by what its threads do (event loops, G1 refinement, other GC, JIT,
     * the rest): which part of a gap to another server is the code's own, which the collector's.
     */
    private void reportThreadGroupsPerDelivery(Report report, long deliveries) {
        Map<ProcessStats.ThreadGroup, Long> now =
                serverPid == null || threadGroupsStart == null ? null : ProcessStats.threadGroupCpuNanos(serverPid);
        if (now == null) {
            return;
        }
        for (ProcessStats.ThreadGroup group : ProcessStats.ThreadGroup.values()) {
            long used = Math.max(0, now.getOrDefault(group, 0L) - threadGroupsStart.getOrDefault(group, 0L));
            report.add(
                    "cpu_us_per_delivery_" + group.name().toLowerCase(Locale.ROOT),
                    "  by thread: " + group.label,
                    used / 1e3 / deliveries,
                    2,
                    "µs");
        }
    }

    /** CPU time the external server's JIT compiler threads used since this meter started; -1 when unknown. */
    private long compilerNanosSoFar() {
        if (serverPid == null || compilerStart < 0) {
            return -1;
        }
        long now = ProcessStats.compilerCpuNanos(serverPid);
        return now >= 0 ? Math.max(0, now - compilerStart) : -1;
    }

    /**
     * CPU time used since this meter started by the external server, or by this whole process when the server
     * runs in it; -1 when it cannot be read.
     */
    private long serverNanosSoFar() {
        long now = serverPid != null ? ProcessStats.cpuNanos(serverPid) : ProcessStats.cpuNanos();
        long start = serverPid != null ? serverStart : selfStart;
        return now >= 0 && start >= 0 ? now - start : -1;
    }

    /** Adds the figures so far to {@code report}. */
    void report(Report report, boolean inProcess) {
        double wall = System.nanoTime() - startNanos;
        long self = ProcessStats.cpuNanos();
        int cores = Runtime.getRuntime().availableProcessors();
        if (self >= 0 && selfStart >= 0) {
            report.add(
                    "cpu_cores_this_process",
                    inProcess
                            ? "CPU, this process (load generator + server), of " + cores + " cores"
                            : "CPU, load generator, of " + cores + " cores",
                    (self - selfStart) / wall,
                    2,
                    "cores");
        }
        if (serverPid != null && serverStart >= 0) {
            long server = ProcessStats.cpuNanos(serverPid);
            if (server >= 0) {
                report.add(
                        "cpu_cores_server",
                        "CPU, server process, of " + cores + " cores",
                        (server - serverStart) / wall,
                        2,
                        "cores");
            }
        }
    }
}

package dev.vortex.bench;

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

    CpuMeter(Long serverPid) {
        this.serverPid = serverPid;
        this.serverStart = serverPid == null ? -1 : ProcessStats.cpuNanos(serverPid);
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

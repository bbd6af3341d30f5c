package dev.vortex.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory and file-descriptor figures of this process, or of a server process named by its pid. */
final class ProcessStats {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private ProcessStats() {}

    /** Heap used after a few full collections: what live objects take, without garbage. */
    static long heapUsedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Await.sleepMillis(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Resident set size of {@code pid} ({@code "self"} for this process), from /proc; empty elsewhere. */
    static OptionalLong rssBytes(String pid) {
        try {
            Matcher matcher = VM_RSS.matcher(Files.readString(Path.of("/proc", pid, "status")));
            return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1)) * 1024) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Heap used by another JVM after a full collection, through {@code jcmd PID GC.run} and
     * {@code jcmd PID GC.heap_info}; empty when jcmd fails.
     */
    static OptionalLong heapUsedAfterGc(long pid) {
        OptionalLong used = OptionalLong.empty();
        for (int i = 0; i < 2; i++) {
            if (jcmd(pid, "GC.run") == null) {
                return OptionalLong.empty();
            }
            Await.sleepMillis(200);
            String info = jcmd(pid, "GC.heap_info");
            Matcher matcher = info == null ? null : HEAP_USED.matcher(info);
            if (matcher == null || !matcher.find()) {
                return OptionalLong.empty();
            }
            long bytes = Long.parseLong(matcher.group(1)) * 1024;
            used = OptionalLong.of(used.isPresent() ? Math.min(used.getAsLong(), bytes) : bytes);
        }
        return used;
    }

    /** The output of {@code jcmd PID COMMAND}, or {@code null} when jcmd is missing, fails or takes over a minute. */
    static String jcmd(long pid, String command) {
        try {
            Process process = new ProcessBuilder("jcmd", Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** CPU time this process has used, in nanoseconds, or -1 when the JVM cannot tell. */
    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    /**
     * CPU time (user + system) another process has used, in nanoseconds, from /proc/PID/stat (assuming the
     * usual 100 clock ticks per second); -1 elsewhere.
     */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces; the fields after it are space-separated.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time (user + system) the JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*})
     * of another JVM have used, in nanoseconds, from /proc/PID/task/TID/stat; -1 elsewhere. A compiler thread
     * the JVM stopped meanwhile (it starts and stops extra ones as the queue grows and shrinks) takes its time
     * with it, so over a phase this can count a little less than the compilers used.
     */
    static long compilerCpuNanos(long pid) {
        Map<ThreadGroup, Long> groups = threadGroupCpuNanos(pid);
        return groups == null ? -1 : groups.getOrDefault(ThreadGroup.JIT, 0L);
    }

    /**
     * CPU time (user + system) of another process's threads, in nanoseconds, summed by what the threads do (from
     * their names in /proc/PID/task/TID/stat); {@code null} elsewhere. Threads that ended take their time with
     * them.
     */
    static Map<ThreadGroup, Long> threadGroupCpuNanos(long pid) {
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            Map<ThreadGroup, Long> nanos = new EnumMap<>(ThreadGroup.class);
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // The thread ended meanwhile.
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                nanos.merge(ThreadGroup.of(name), ticks * 10_000_000L, Long::sum);
            }
            return nanos;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What a server thread does, told by its name (Linux keeps the first 15 characters). */
    enum ThreadGroup {
        /** Vert.x's, Netty's epoll or NIO event loops. */
        EVENT_LOOPS("event loops"),
        /** C1 and C2 compiler threads. */
        JIT("JIT compilers"),
        /** G1's concurrent refinement threads: the remembered-set upkeep that reference stores cause. */
        GC_REFINEMENT("G1 refinement"),
        /** The other garbage-collector threads (young and mixed collections, marking) and the VM thread. */
        GC_OTHER("GC, other"),
        /** Everything else: resolvers, workers, timers, a non-JVM server's own threads. */
        OTHER("other threads");

        final String label;

        ThreadGroup(String label) {
            this.label = label;
        }

        static ThreadGroup of(String threadName) {
            if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
                return JIT;
            }
            if (threadName.startsWith("G1 Refine")) {
                return GC_REFINEMENT;
            }
            if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")) {
                return GC_OTHER;
            }
            String lower = threadName.toLowerCase(java.util.Locale.ROOT);
            // Node runs its JavaScript, and so its event loop, on the thread named after the process.
            if (lower.contains("eventloo") || threadName.equals("node")) {
                return EVENT_LOOPS;
            }
            return OTHER;
        }
    }

    /** This process's open-file limit ({@code ulimit -n}), or -1 when the JVM cannot tell. */
    static long maxFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : -1;
    }

    /** The files this process has open now, or -1 when the JVM cannot tell. */
    static long openFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount()
                : -1;
    }
}

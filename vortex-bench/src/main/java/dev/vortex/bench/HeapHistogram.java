package dev.vortex.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of a JVM by class, as {@code jcmd PID GC.class_histogram} prints them (that command runs a
 * full collection first, so only reachable objects count). Two histograms taken around opening N connections
 * give what one connection keeps, class by class: {@link #perConnection}.
 */
final class HeapHistogram {
    /** {@code   12:     10000     480000  io.netty.channel.DefaultChannelPromise (io.netty.transport@4.2.7)}. */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** The instances and bytes of one class. */
    record Count(long instances, long bytes) {}

    /**
     * One class's share of a connection.
     *
     * @param className the class as the JVM names it ({@code [B} is {@code byte[]})
     * @param instancesPerConnection instances added per connection
     * @param bytesPerConnection bytes added per connection (shallow sizes, alignment included)
     */
    record Row(String className, double instancesPerConnection, double bytesPerConnection) {}

    /**
     * What N connections added, class by class.
     *
     * @param rows the classes that add at least {@code minBytes} per connection, most bytes first
     * @param otherBytesPerConnection what the classes left out add together (may be negative: noise)
     * @param totalBytesPerConnection the whole heap's difference per connection
     */
    record Difference(List<Row> rows, double otherBytesPerConnection, double totalBytesPerConnection) {}

    private final Map<String, Count> counts;

    private HeapHistogram(Map<String, Count> counts) {
        this.counts = counts;
    }

    /** Parses the output of {@code jcmd PID GC.class_histogram}; a class listed twice (two loaders) is summed. */
    static HeapHistogram parse(String jcmdOutput) {
        Map<String, Count> counts = new HashMap<>();
        for (String line : jcmdOutput.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Count count = new Count(Long.parseLong(row.group(1)), Long.parseLong(row.group(2)));
                counts.merge(row.group(3), count, (a, b) -> new Count(a.instances + b.instances, a.bytes + b.bytes));
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException(
                    "not a class histogram: " + jcmdOutput.substring(0, Math.min(200, jcmdOutput.length())));
        }
        return new HeapHistogram(counts);
    }

    /**
     * The live objects of process {@code pid} (this process too) after a full collection, through
     * {@code jcmd}; empty when jcmd is missing or fails.
     */
    static Optional<HeapHistogram> of(long pid) {
        String output = ProcessStats.jcmd(pid, "GC.class_histogram");
        try {
            return output == null ? Optional.empty() : Optional.of(parse(output));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The count of {@code className}, zero when absent. */
    Count count(String className) {
        return counts.getOrDefault(className, new Count(0, 0));
    }

    /**
     * What {@code connections} connections added between {@code before} and this histogram, per connection.
     *
     * @param minBytes the least bytes per connection a class must add (or remove) to get a row of its own
     */
    Difference perConnection(HeapHistogram before, int connections, double minBytes) {
        if (connections <= 0) {
            throw new IllegalArgumentException("connections must be positive, was " + connections);
        }
        Set<String> classes = new HashSet<>(counts.keySet());
        classes.addAll(before.counts.keySet());
        List<Row> rows = new ArrayList<>();
        double total = 0;
        double other = 0;
        for (String className : classes) {
            Count now = count(className);
            Count then = before.count(className);
            double bytes = (now.bytes - then.bytes) / (double) connections;
            double instances = (now.instances - then.instances) / (double) connections;
            total += bytes;
            if (Math.abs(bytes) >= minBytes) {
                rows.add(new Row(className, instances, bytes));
            } else {
                other += bytes;
            }
        }
        rows.sort(Comparator.comparingDouble(Row::bytesPerConnection).reversed().thenComparing(Row::className));
        return new Difference(List.copyOf(rows), other, total);
    }

    /** Puts {@code difference} in {@code report}: a row per class, and the same as a JSON array. */
    static void addTo(Report report, Difference difference, String scope) {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Row row : difference.rows()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class", row.className());
            entry.put("instances_per_connection", Math.round(row.instancesPerConnection() * 100) / 100.0);
            entry.put("bytes_per_connection", Math.round(row.bytesPerConnection() * 10) / 10.0);
            json.add(entry);
        }
        report.json("histogram", json);
        report.json(
                "histogram_other_bytes_per_connection", Math.round(difference.otherBytesPerConnection() * 10) / 10.0);
        report.add("histogram_scope", "class histogram scope", scope);
        report.row(
                "class histogram (jcmd GC.class_histogram, with - before)",
                "instances      bytes  per idle connection");
        for (Row row : difference.rows()) {
            report.row(
                    "  " + row.className(),
                    String.format(
                            Locale.ROOT, "%8.2f  %8.1f B", row.instancesPerConnection(), row.bytesPerConnection()));
        }
        report.row(
                "  (every other class)",
                String.format(Locale.ROOT, "          %8.1f B", difference.otherBytesPerConnection()));
        report.add(
                "histogram_bytes_per_connection",
                "  total (live heap difference)",
                Math.round(difference.totalBytesPerConnection()),
                String.format(Locale.ROOT, "          %8.1f B", difference.totalBytesPerConnection()));
    }
}

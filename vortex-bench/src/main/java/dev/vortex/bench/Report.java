package dev.vortex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one benchmark: figures (a table for people, a JSON object for tools) and correctness checks.
 * A failed check makes the command exit with 1.
 */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String benchmark;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> checks = new LinkedHashMap<>();
    private final List<String[]> checkRows = new ArrayList<>();
    private boolean passed = true;

    Report(String benchmark) {
        this.benchmark = benchmark;
        values.put("benchmark", benchmark);
    }

    /** A figure: {@code key} in the JSON, {@code label} and the formatted value in the table. */
    Report add(String key, String label, Object value, String formatted) {
        values.put(key, value);
        rows.add(new String[] {label, formatted});
        return this;
    }

    /** A value in the JSON only (a list or an object the table shows in rows of its own). */
    Report json(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** A row of the table only. */
    Report row(String label, String text) {
        rows.add(new String[] {label, text});
        return this;
    }

    Report add(String key, String label, long value) {
        return add(key, label, value, String.format(Locale.ROOT, "%,d", value));
    }

    Report add(String key, String label, String value) {
        return add(key, label, value, value);
    }

    /** A rate or a duration with {@code decimals} decimals and a unit. */
    Report add(String key, String label, double value, int decimals, String unit) {
        double rounded = round(value, decimals);
        return add(
                key,
                label,
                rounded,
                String.format(Locale.ROOT, "%,." + decimals + "f", value) + (unit.isEmpty() ? "" : " " + unit));
    }

    /** Bytes, shown in KiB or MiB. */
    Report addBytes(String key, String label, long bytes) {
        return add(key, label, bytes, bytes(bytes));
    }

    /** p50/p90/p99/p99.9/max of a histogram recorded in microseconds, in milliseconds. */
    Report addLatencies(String key, String label, Histogram micros) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", micros.getTotalCount());
        double[] percentiles = {50, 90, 99, 99.9};
        StringBuilder text = new StringBuilder();
        for (double percentile : percentiles) {
            double millis = micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
            String name = "p" + (percentile == Math.rint(percentile) ? Long.toString((long) percentile) : "99.9");
            json.put(name + "_ms", round(millis, 3));
            text.append(name).append(' ').append(millis(millis)).append("  ");
        }
        double max = micros.getTotalCount() == 0 ? 0 : micros.getMaxValue() / 1000.0;
        json.put("max_ms", round(max, 3));
        json.put("mean_ms", round(micros.getTotalCount() == 0 ? 0 : micros.getMean() / 1000.0, 3));
        text.append("max ").append(millis(max)).append(" ms");
        values.put(key, json);
        rows.add(new String[] {label, text.toString()});
        return this;
    }

    /** A correctness check. */
    Report check(String key, String description, boolean ok, String detail) {
        passed &= ok;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("passed", ok);
        json.put("detail", detail);
        checks.put(key, json);
        checkRows.add(new String[] {ok ? "ok" : "FAILED", description, detail});
        return this;
    }

    /** A line printed under the table (and kept in the JSON). */
    Report note(String note) {
        notes.add(note);
        return this;
    }

    boolean passed() {
        return passed;
    }

    void print(PrintStream out) {
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(10);
        out.println();
        out.println("== vortex-bench " + benchmark + " ==");
        for (String[] row : rows) {
            out.println(String.format(Locale.ROOT, "  %-" + width + "s  %s", row[0], row[1]));
        }
        if (!checkRows.isEmpty()) {
            out.println("  checks:");
            for (String[] row : checkRows) {
                out.println(String.format(Locale.ROOT, "    [%-6s] %s: %s", row[0], row[1], row[2]));
            }
        }
        for (String note : notes) {
            out.println("  note: " + note);
        }
        out.println(passed ? "  result: PASSED" : "  result: FAILED (see checks)");
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>(values);
        json.put("checks", checks);
        json.put("notes", notes);
        json.put("passed", passed);
        return json;
    }

    static void writeJson(Path file, List<Report> reports) {
        Object content = reports.size() == 1
                ? reports.get(0).toJson()
                : reports.stream().map(Report::toJson).toList();
        try {
            JSON.writeValue(file.toFile(), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String bytes(long bytes) {
        if (Math.abs(bytes) >= 10L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024));
        }
        if (Math.abs(bytes) >= 10L * 1024) {
            return String.format(Locale.ROOT, "%,.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%,d B", bytes);
    }

    private static String millis(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}

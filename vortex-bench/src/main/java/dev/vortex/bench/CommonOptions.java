package dev.vortex.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every load benchmark takes. */
final class CommonOptions {
    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "A running server to benchmark (ws://host:port or http://host:port), e.g. one started "
                    + "with `bin/vortex serve` in another terminal. Default: start one in this process on "
                    + "127.0.0.1, a free port, over a temporary directory of sample configs.")
    String url;

    @Option(
            names = "--server-pid",
            paramLabel = "PID",
            description = "With --url: the server's process id, to report its CPU use (and, for connections,"
                    + " its heap through jcmd and its RSS).")
    Long serverPid;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Option(
            names = "--quick",
            description = "A tiny run (a couple of seconds) that checks correctness, not speed: exits 1 unless "
                    + "every client converged and nothing failed. Sizes not given explicitly get tiny defaults.")
    boolean quick;

    @Option(
            names = "--event-loops",
            paramLabel = "N",
            defaultValue = "2",
            description = "Event loops of the load generator; every client shares them. Default: ${DEFAULT-VALUE}.")
    int eventLoops;

    @Option(
            names = "--compression",
            description = "Clients offer permessage-deflate, as browsers do (and allow client_no_context_takeover,"
                    + " which the server asks for); default: no extension.")
    boolean compression;

    @Option(
            names = "--header",
            paramLabel = "'NAME: VALUE'",
            description = "A header sent with every request and WebSocket handshake to the server, for a server"
                    + " with security on; repeatable. E.g. --header 'X-API-Key: KEY' or --header 'Authorization:"
                    + " Bearer TOKEN' (the credentials need the refresh right for fanout's DELETE /cache, and"
                    + " metrics for its /actuator/prometheus).")
    List<String> headers = List.of();

    @Option(
            names = "--verbose",
            description = "Keep the in-process server's INFO log (one line per connection); default: warnings only.")
    boolean verbose;

    /**
     * The {@code --header} options as a map, or {@code null} after printing which one is not {@code NAME: VALUE}
     * (the command then exits with 2).
     */
    Map<String, String> headersOrNull() {
        try {
            return headers();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return null;
        }
    }

    /**
     * The {@code --header} options as a map.
     *
     * @throws IllegalArgumentException naming the first one that is not {@code NAME: VALUE}
     */
    Map<String, String> headers() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).strip();
            String value = colon < 0 ? "" : header.substring(colon + 1).strip();
            if (name.isEmpty() || value.isEmpty() || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException(
                        "--header must look like 'NAME: VALUE' (e.g. 'X-API-Key: KEY'), was '" + header + "'");
            }
            parsed.put(name, value);
        }
        return parsed;
    }

    /** {@code explicit} when given, else the quick or the normal default. */
    int pick(Integer explicit, int quickDefault, int normalDefault) {
        return explicit != null ? explicit : quick ? quickDefault : normalDefault;
    }

    double pick(Double explicit, double quickDefault, double normalDefault) {
        return explicit != null ? explicit : quick ? quickDefault : normalDefault;
    }

    /** Prints the reports, writes the JSON, and turns the checks into the exit code. */
    int finish(List<Report> reports) {
        reports.forEach(report -> report.print(System.out));
        if (json != null) {
            Report.writeJson(json, reports);
            System.out.println("  results written to " + json);
        }
        return reports.stream().allMatch(Report::passed) ? 0 : 1;
    }
}

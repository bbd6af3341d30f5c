package dev.vortex.server.realtime;

/**
 * The configs {@link ChangePathWarmUp} changes: made up, but shaped like real ones (nested maps, lists, numbers,
 * booleans, text, a profile document), so that the warm-up goes through the branches real files take. Each round's
 * {@link #application} differs from the previous one the way edits do: a value replaced, a key added or removed, a
 * list element changed.
 */
final class SyntheticConfigs {
    private SyntheticConfigs() {}

    /** {@code application.yml}: shared by every application, never changed. */
    static String shared() {
        StringBuilder yaml = new StringBuilder(2048);
        yaml.append("server:\n  port: 8080\n  shutdown: graceful\n  compression:\n    enabled: true\n");
        yaml.append("spring:\n  datasource:\n    url: jdbc:postgresql://db.internal:5432/app\n");
        yaml.append("    hikari:\n      maximum-pool-size: 20\n      minimum-idle: 5\n");
        yaml.append("management:\n  endpoints:\n    web:\n      exposure:\n        include: health,info\n");
        yaml.append("logging:\n  level:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("    com.example.module")
                    .append(i)
                    .append(": ")
                    .append(i % 5 == 0 ? "DEBUG" : "INFO")
                    .append('\n');
        }
        yaml.append("---\nspring.config.activate.on-profile: prod\nserver:\n  port: 80\n");
        return yaml.toString();
    }

    /** {@code warm-prod.properties}: the profile's file, never changed. */
    static String profileProperties() {
        StringBuilder properties = new StringBuilder(512);
        for (int i = 0; i < 8; i++) {
            properties.append("http.clients.client-").append(i).append(".connect-timeout=");
            properties.append(250 * (i + 1)).append("ms\n");
        }
        properties.append("feature.dark-launch=false\n");
        return properties.toString();
    }

    /** {@code warm.yml} at edit {@code round}. */
    static String application(int round) {
        StringBuilder yaml = new StringBuilder(2048);
        yaml.append("warm:\n  seq: ").append(round).append('\n');
        yaml.append("  name: \"warm-up ").append(round % 7).append("\"\n");
        yaml.append("  ratio: ").append(round % 10).append(".5\n");
        yaml.append("  features:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("    flag-")
                    .append(i)
                    .append(": ")
                    .append((i + round) % 3 == 0)
                    .append('\n');
        }
        if (round % 2 == 0) {
            yaml.append("    extra: on\n");
        }
        yaml.append("  limits:\n");
        for (int i = 0; i < 10; i++) {
            yaml.append("    limit-")
                    .append(i)
                    .append(": ")
                    .append(100 * (i + 1) + round % 3)
                    .append('\n');
        }
        yaml.append("  endpoints:\n");
        for (int i = 0; i < 4 + round % 2; i++) {
            yaml.append("    - https://service-").append(i).append(".internal.example.com/api\n");
        }
        yaml.append("  owners: [platform, ")
                .append(round % 3 == 0 ? "payments" : "search")
                .append("]\n");
        return yaml.toString();
    }
}

package dev.vortex.server.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Guesses which applications a changed file concerns, exactly as Spring Cloud Config Monitor's {@code
 * PropertyPathEndpoint.guessServiceName} does, so that {@code POST /monitor} answers the same names.
 *
 * <p>The file name without directories and extension is the stem. For each {@code -} in the stem, the part
 * before it is an application and the part after it a profile, giving {@code application:profile}; the whole
 * stem is an application too. {@code application} stands for every application and becomes {@code *};
 * other names starting with {@code application} are left out. So {@code config/orders-prod.yml} gives
 * {@code orders:prod} and {@code orders-prod}, {@code application-prod.yml} gives {@code *:prod} and {@code
 * application.yml} gives {@code *}.
 *
 * <p>One deliberate difference: an empty name (from {@code .gitignore} or {@code -x.yml}) is left out
 * rather than answered as {@code ""} or {@code :x}.
 */
final class ApplicationNames {
    /** Every application. */
    static final String ALL = "*";

    private static final String APPLICATION = "application";

    private ApplicationNames() {}

    /**
     * The names {@code notification} concerns, in order of first appearance, without duplicates; {@code
     * ["*"]} when it does not name files.
     */
    static List<String> of(PushNotification notification) {
        if (notification.everything()) {
            return List.of(ALL);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String path : notification.paths()) {
            names.addAll(fromPath(path));
        }
        return List.copyOf(names);
    }

    /** The names one changed file concerns, in Spring Cloud Config Monitor's order. */
    static List<String> fromPath(String path) {
        String stem = stem(path);
        List<String> names = new ArrayList<>();
        for (int dash = stem.indexOf('-'); dash >= 0; dash = stem.indexOf('-', dash + 1)) {
            String name = stem.substring(0, dash);
            String profile = stem.substring(dash + 1);
            if (name.equals(APPLICATION)) {
                names.add(ALL + ":" + profile);
            } else if (!name.isEmpty() && !name.startsWith(APPLICATION)) {
                names.add(name + ":" + profile);
            }
        }
        if (stem.equals(APPLICATION)) {
            names.add(ALL);
        } else if (!stem.isEmpty() && !stem.startsWith(APPLICATION)) {
            names.add(stem);
        }
        return names;
    }

    /** The file name without directories (either slash) and without its last extension. */
    private static String stem(String path) {
        String clean = path.replace('\\', '/');
        String fileName = clean.substring(clean.lastIndexOf('/') + 1);
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }
}

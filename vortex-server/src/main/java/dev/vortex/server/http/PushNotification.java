package dev.vortex.server.http;

import java.util.List;

/**
 * What a webhook said changed: the paths of the changed files, as the Git host or the caller named them.
 *
 * @param origin who sent it, for the log ({@code "GitHub push"}, {@code "form"})
 * @param paths the changed files' paths in the repository; empty when the sender does not say which files
 *     changed (Bitbucket, a forced push without commits), meaning any file may have
 */
record PushNotification(String origin, List<String> paths) {
    PushNotification {
        paths = List.copyOf(paths);
    }

    /** A notification that does not name files: anything may have changed. */
    static PushNotification everything(String origin) {
        return new PushNotification(origin, List.of());
    }

    /** Whether the sender did not say which files changed. */
    boolean everything() {
        return paths.isEmpty();
    }
}

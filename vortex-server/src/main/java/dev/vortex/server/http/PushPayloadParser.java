package dev.vortex.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises the push webhooks of the Git hosts Spring Cloud Config Monitor knows, and its plain {@code
 * {"path": ...}} body, by their event header, and reads the changed files' paths from them.
 *
 * <p>Hosts are tried in Spring Cloud Config Monitor's order (GitHub, a plain {@code path}, then the others),
 * the first match wins. Gitea and Gogs also send {@code X-GitHub-Event}, so they usually match as GitHub,
 * which reads the same {@code commits[].added/modified/removed} arrays.
 *
 * <p>Where Vortex differs on purpose: a recognised push whose commits name no file (a forced push back to
 * an older commit, a new branch, an old Gitea) counts as "anything may have changed" rather than as no
 * change, because a missed refresh leaves stale configuration while a needless one costs a fetch; and the
 * Bitbucket event keys are enough, without also requiring {@code X-Hook-UUID} or {@code X-Request-Id}.
 */
final class PushPayloadParser {
    private PushPayloadParser() {}

    /**
     * Reads a JSON webhook body.
     *
     * @param headers the request headers (case-insensitive)
     * @param body the parsed body, a JSON object
     * @return the notification, or empty if this is not a push this endpoint acts on (a GitHub {@code ping},
     *     an issue event, an unknown sender)
     */
    static Optional<PushNotification> fromJson(MultiMap headers, JsonNode body) {
        if (isEvent(headers, "X-GitHub-Event", "push")) {
            return Optional.of(fromCommits("GitHub push", body));
        }
        if (body.has("path")) {
            // Explicitly no paths, as in Spring Cloud Config Monitor: nothing to do.
            JsonNode path = body.get("path");
            List<String> paths = path.isTextual() ? List.of(path.asText()) : strings(path);
            return paths.isEmpty() ? Optional.empty() : Optional.of(new PushNotification("path notification", paths));
        }
        if (isEvent(headers, "X-Gitlab-Event", "Push Hook")) {
            return Optional.of(fromCommits("GitLab push", body));
        }
        if (isEvent(headers, "X-Gitea-Event", "push")) {
            return Optional.of(fromCommits("Gitea push", body));
        }
        if (isEvent(headers, "X-Gogs-Event", "push")) {
            return Optional.of(fromCommits("Gogs push", body));
        }
        if (isEvent(headers, "X-Gitee-Event", "Push Hook")) {
            return Optional.of(fromCommits("Gitee push", body));
        }
        // Bitbucket names no files in its payloads: every push is a change to anything.
        if (isEvent(headers, "X-Event-Key", "repo:push") || isEvent(headers, "X-Event-Key", "pullrequest:fulfilled")) {
            return Optional.of(PushNotification.everything("Bitbucket Cloud " + headers.get("X-Event-Key")));
        }
        if (isEvent(headers, "X-Event-Key", "repo:refs_changed") || isEvent(headers, "X-Event-Key", "pr:merged")) {
            return Optional.of(PushNotification.everything("Bitbucket Server " + headers.get("X-Event-Key")));
        }
        return Optional.empty();
    }

    /**
     * Reads Spring Cloud Config Monitor's form, one {@code path} field per changed file.
     *
     * @param paths the values of the {@code path} fields, at least one
     */
    static PushNotification fromForm(List<String> paths) {
        return new PushNotification("path form", paths);
    }

    private static boolean isEvent(MultiMap headers, String header, String event) {
        String value = headers.get(header);
        return value != null && value.trim().equals(event);
    }

    /** The files added, modified or removed by any of the {@code commits}, in order, without duplicates. */
    private static PushNotification fromCommits(String origin, JsonNode body) {
        Set<String> paths = new LinkedHashSet<>();
        for (JsonNode commit : body.path("commits")) {
            for (String field : List.of("added", "modified", "removed")) {
                paths.addAll(strings(commit.path(field)));
            }
        }
        return new PushNotification(origin, List.copyOf(paths));
    }

    /** The strings of an array, without duplicates; anything else (a missing field, a number) is none. */
    private static List<String> strings(JsonNode node) {
        Set<String> values = new LinkedHashSet<>();
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isTextual()) {
                    values.add(element.asText());
                }
            }
        }
        return List.copyOf(values);
    }
}

package dev.vortex.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The patterns a client follows, and the futures waiting for the server to acknowledge them. The patterns
 * outlive connections (each new connection subscribes to all of them); the futures complete on
 * {@code subscribed}/{@code unsubscribed}, or fail on a refusal. Not thread-safe: guarded by the
 * {@link ClientEngine}'s lock.
 */
final class Subscriptions {
    private final Set<String> patterns = new LinkedHashSet<>();
    private final Map<String, List<CompletableFuture<Void>>> subscribing = new HashMap<>();
    private final Map<String, List<CompletableFuture<Void>>> unsubscribing = new HashMap<>();

    /** Follows {@code pattern}; the future completes when the server acknowledges it. */
    CompletableFuture<Void> add(String pattern) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        patterns.add(pattern);
        subscribing.computeIfAbsent(pattern, p -> new ArrayList<>()).add(acknowledged);
        return acknowledged;
    }

    /** Stops following {@code pattern}; false if it was not followed. A subscription under way fails. */
    boolean remove(String pattern) {
        if (!patterns.remove(pattern)) {
            return false;
        }
        failAll(subscribing.remove(pattern), new IllegalStateException("unsubscribed from " + pattern));
        return true;
    }

    /** A future completed when the server acknowledges the unsubscription of {@code pattern}. */
    CompletableFuture<Void> awaitUnsubscribed(String pattern) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        unsubscribing.computeIfAbsent(pattern, p -> new ArrayList<>()).add(acknowledged);
        return acknowledged;
    }

    /** Whether some pattern matches {@code key}. */
    boolean cover(ConfigKey key) {
        return patterns.stream().anyMatch(pattern -> KeyPatterns.matches(pattern, key));
    }

    /** The {@code subscribe} message for every pattern, to send on a new connection; empty for none. */
    List<String> subscribeAll() {
        return patterns.isEmpty() ? List.of() : List.of(message("subscribe", List.copyOf(patterns)));
    }

    /** A {@code subscribed} ({@code subscribed} true) or {@code unsubscribed} message arrived. */
    void acknowledged(JsonNode message, boolean subscribed) {
        JsonNode acknowledged = message.get("patterns");
        if (acknowledged == null || !acknowledged.isArray()) {
            throw new IllegalArgumentException("'patterns' must be an array");
        }
        Map<String, List<CompletableFuture<Void>>> waiting = subscribed ? subscribing : unsubscribing;
        for (JsonNode pattern : acknowledged) {
            List<CompletableFuture<Void>> futures = waiting.remove(pattern.asText());
            if (futures != null) {
                futures.forEach(future -> future.complete(null));
            }
        }
    }

    /**
     * An {@code error} that refuses a subscription ({@code FORBIDDEN}, {@code INVALID_PATTERN}): the server
     * quotes the pattern in its message, which is how the refused one is found.
     */
    void refused(String code, String text) {
        for (String pattern : List.copyOf(subscribing.keySet())) {
            if (text.contains("'" + pattern + "'")) {
                patterns.remove(pattern);
                failAll(
                        subscribing.remove(pattern),
                        new VortexClientException(
                                "subscription to " + pattern + " refused: " + code + " " + text, -1, null));
            }
        }
    }

    /** Fails every future still waiting (the client is closing). */
    void failWaiting(Throwable failure) {
        subscribing.values().forEach(futures -> failAll(futures, failure));
        unsubscribing.values().forEach(futures -> failAll(futures, failure));
        subscribing.clear();
        unsubscribing.clear();
    }

    /** A {@code subscribe} or {@code unsubscribe} message. */
    static String message(String type, List<String> patterns) {
        ObjectNode message = ConfigTrees.JSON.createObjectNode().put("type", type);
        patterns.forEach(message.putArray("patterns")::add);
        return message.toString();
    }

    private static void failAll(List<CompletableFuture<Void>> futures, Throwable failure) {
        if (futures != null) {
            futures.forEach(future -> future.completeExceptionally(failure));
        }
    }
}

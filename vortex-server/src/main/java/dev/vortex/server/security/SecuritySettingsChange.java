package dev.vortex.server.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a reload changed in the {@code security} section, in counts and names of parts only (never a key, a
 * hash or a secret), for the one log line of a reload.
 *
 * @param apiKeysAdded API keys with a name that was not there
 * @param apiKeysRemoved API keys whose name is gone
 * @param apiKeysChanged API keys whose key or grants changed
 * @param usersAdded users that were not there
 * @param usersRemoved users that are gone
 * @param usersChanged users whose password hash or grants changed
 * @param otherChanges the other parts that changed ({@code jwt}, {@code allowed-origins}, {@code health-open},
 *     {@code webhooks}, {@code cors}, {@code failure-delay}), by name only
 */
public record SecuritySettingsChange(
        int apiKeysAdded,
        int apiKeysRemoved,
        int apiKeysChanged,
        int usersAdded,
        int usersRemoved,
        int usersChanged,
        List<String> otherChanges) {
    /** Copies the list. */
    public SecuritySettingsChange {
        otherChanges = List.copyOf(otherChanges);
    }

    /** What changed from {@code before} to {@code after}. */
    public static SecuritySettingsChange between(SecuritySettings before, SecuritySettings after) {
        int[] keys = count(
                byName(before.apiKeys(), SecuritySettings.ApiKey::name),
                byName(after.apiKeys(), SecuritySettings.ApiKey::name));
        int[] users = count(
                byName(before.users(), SecuritySettings.User::name),
                byName(after.users(), SecuritySettings.User::name));
        List<String> others = new ArrayList<>();
        if (!Objects.equals(before.jwt(), after.jwt())) {
            others.add("jwt");
        }
        if (!before.allowedOrigins().equals(after.allowedOrigins())) {
            others.add("allowed-origins");
        }
        if (before.healthOpen() != after.healthOpen()) {
            others.add("health-open");
        }
        if (!before.webhooks().equals(after.webhooks())) {
            others.add("webhooks");
        }
        if (!before.cors().equals(after.cors())) {
            others.add("cors");
        }
        if (!before.failureDelay().equals(after.failureDelay())) {
            others.add("failure-delay");
        }
        return new SecuritySettingsChange(keys[0], keys[1], keys[2], users[0], users[1], users[2], others);
    }

    /** Whether anything changed at all. */
    public boolean any() {
        return apiKeysAdded + apiKeysRemoved + apiKeysChanged + usersAdded + usersRemoved + usersChanged > 0
                || !otherChanges.isEmpty();
    }

    /** {@code api keys +1 -0 ~2, users +0 -1 ~0, changed: [jwt]}. */
    @Override
    public String toString() {
        return "api keys +" + apiKeysAdded + " -" + apiKeysRemoved + " ~" + apiKeysChanged + ", users +" + usersAdded
                + " -" + usersRemoved + " ~" + usersChanged
                + (otherChanges.isEmpty() ? "" : ", changed: " + otherChanges);
    }

    private static <T> Map<String, T> byName(List<T> entries, Function<T, String> name) {
        return entries.stream().collect(Collectors.toMap(name, Function.identity()));
    }

    /** Added, removed, changed. */
    private static <T> int[] count(Map<String, T> before, Map<String, T> after) {
        int[] counts = new int[3];
        after.forEach((name, entry) -> {
            T old = before.get(name);
            if (old == null) {
                counts[0]++;
            } else if (!old.equals(entry)) {
                counts[2]++;
            }
        });
        before.keySet().forEach(name -> counts[1] += after.containsKey(name) ? 0 : 1);
        return counts;
    }
}

package dev.vortex.core.format;

import dev.vortex.core.OrderedProperties;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One document of a configuration file: its flat properties and the profile condition that activates it.
 *
 * @param index the position of the document in its file, from 0
 * @param properties flat Spring property names to typed values, in file order; the activation keys
 *     ({@code spring.config.activate.on-profile}, {@code spring.profiles}) are kept, as Spring does
 * @param profileCondition the condition from {@code spring.config.activate.on-profile} or the legacy
 *     {@code spring.profiles}; empty when the document is always active
 */
public record ConfigDocument(int index, Map<String, Object> properties, Optional<ProfileCondition> profileCondition) {

    /** Copies the properties. */
    public ConfigDocument {
        properties = OrderedProperties.copyOf(properties);
        Objects.requireNonNull(profileCondition, "profileCondition");
    }

    /**
     * Whether this document applies when {@code activeProfiles} are active.
     *
     * @param activeProfiles the requested profiles
     * @return {@code true} if the document has no condition or its condition matches
     */
    public boolean isActiveFor(List<String> activeProfiles) {
        return profileCondition
                .map(condition -> condition.matches(activeProfiles))
                .orElse(true);
    }
}

package dev.vortex.core.format;

import java.util.List;

/**
 * A Spring profile expression such as {@code prod}, {@code prod,eu} (either), {@code prod & eu},
 * {@code !dev} or {@code (prod | staging) & eu}.
 */
public interface ProfileCondition {

    /**
     * @param activeProfiles the active profiles
     * @return whether the expression holds for them
     */
    boolean matches(List<String> activeProfiles);

    /**
     * Parses a Spring profile expression.
     *
     * @param expression the expression text
     * @return the condition
     * @throws IllegalArgumentException if the expression is malformed, naming it
     */
    static ProfileCondition parse(String expression) {
        return ProfileExpressionParser.parse(expression);
    }
}

package dev.vortex.core.format;

import java.util.List;

/** The nodes of a parsed profile expression; see {@link ProfileExpressionParser}. */
final class ProfileConditions {

    private ProfileConditions() {}

    /** Holds when the named profile is active. */
    record Named(String profile) implements ProfileCondition {
        @Override
        public boolean matches(List<String> activeProfiles) {
            return activeProfiles.contains(profile);
        }
    }

    /** Holds when the operand does not. */
    record Not(ProfileCondition operand) implements ProfileCondition {
        @Override
        public boolean matches(List<String> activeProfiles) {
            return !operand.matches(activeProfiles);
        }
    }

    /** Holds when every operand holds ({@code &}). */
    record All(List<ProfileCondition> operands) implements ProfileCondition {
        All {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean matches(List<String> activeProfiles) {
            return operands.stream().allMatch(operand -> operand.matches(activeProfiles));
        }
    }

    /** Holds when any operand holds ({@code |}, or a comma-separated list). */
    record Any(List<ProfileCondition> operands) implements ProfileCondition {
        Any {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean matches(List<String> activeProfiles) {
            return operands.stream().anyMatch(operand -> operand.matches(activeProfiles));
        }
    }

    /** The parsed tree with the text it came from, so that logs and errors show what the user wrote. */
    record Expression(String text, ProfileCondition root) implements ProfileCondition {
        @Override
        public boolean matches(List<String> activeProfiles) {
            return root.matches(activeProfiles);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

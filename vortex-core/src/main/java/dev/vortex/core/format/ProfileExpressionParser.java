package dev.vortex.core.format;

/** Parses Spring profile expressions. TODO(core helper): implement. */
final class ProfileExpressionParser {
    private ProfileExpressionParser() {}

    static ProfileCondition parse(String expression) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}

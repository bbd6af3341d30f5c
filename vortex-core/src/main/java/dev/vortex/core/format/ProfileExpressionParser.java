package dev.vortex.core.format;

import dev.vortex.core.format.ProfileConditions.All;
import dev.vortex.core.format.ProfileConditions.Any;
import dev.vortex.core.format.ProfileConditions.Expression;
import dev.vortex.core.format.ProfileConditions.Named;
import dev.vortex.core.format.ProfileConditions.Not;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Spring profile expressions as {@code Profiles.of} does: profile names, {@code !} (binds to the next
 * operand), {@code &}, {@code |} and parentheses. A comma-separated list means any of its elements, the way
 * Spring Boot binds {@code spring.config.activate.on-profile} to an array.
 *
 * <p>Mixing {@code &} and {@code |} at one level without parentheses is an error, as in Spring. This parser
 * is stricter than Spring's about other malformed input (unbalanced parentheses, a missing operand, two
 * operands without an operator), which Spring silently accepts with surprising meanings.
 */
final class ProfileExpressionParser {

    private static final String OPERATORS = "()&|!";

    private final String expression;
    private final String text;
    private int position;

    private ProfileExpressionParser(String expression, String text) {
        this.expression = expression;
        this.text = text;
    }

    static ProfileCondition parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("Invalid profile expression '" + expression + "': must contain text");
        }
        List<ProfileCondition> alternatives = new ArrayList<>();
        for (String element : expression.split(",", -1)) {
            if (element.isBlank()) {
                throw new IllegalArgumentException(
                        "Invalid profile expression '" + expression + "': empty element in comma-separated list");
            }
            alternatives.add(new ProfileExpressionParser(expression, element).parseAll());
        }
        ProfileCondition root = alternatives.size() == 1 ? alternatives.get(0) : new Any(alternatives);
        return new Expression(expression, root);
    }

    private ProfileCondition parseAll() {
        ProfileCondition condition = parseOperation();
        skipWhitespace();
        if (position < text.length()) {
            throw malformed(
                    "unexpected '" + text.charAt(position) + "' at position " + position + " of '" + text + "'");
        }
        return condition;
    }

    // operation := operand ( ('&' operand)* | ('|' operand)* )
    private ProfileCondition parseOperation() {
        List<ProfileCondition> operands = new ArrayList<>();
        operands.add(parseOperand());
        char operator = 0;
        while (true) {
            skipWhitespace();
            if (position >= text.length()) {
                break;
            }
            char next = text.charAt(position);
            if (next != '&' && next != '|') {
                break;
            }
            if (operator != 0 && operator != next) {
                throw malformed("mixes '&' and '|' without parentheses");
            }
            operator = next;
            position++;
            operands.add(parseOperand());
        }
        if (operands.size() == 1) {
            return operands.get(0);
        }
        return operator == '&' ? new All(operands) : new Any(operands);
    }

    // operand := '!' operand | '(' operation ')' | name
    private ProfileCondition parseOperand() {
        skipWhitespace();
        if (position >= text.length()) {
            throw malformed("missing profile name at the end of '" + text + "'");
        }
        char next = text.charAt(position);
        if (next == '!') {
            position++;
            return new Not(parseOperand());
        }
        if (next == '(') {
            position++;
            ProfileCondition inner = parseOperation();
            skipWhitespace();
            if (position >= text.length() || text.charAt(position) != ')') {
                throw malformed("missing ')' in '" + text + "'");
            }
            position++;
            return inner;
        }
        if (OPERATORS.indexOf(next) >= 0) {
            throw malformed(
                    "expected a profile name at position " + position + " of '" + text + "' but found '" + next + "'");
        }
        int start = position;
        while (position < text.length() && OPERATORS.indexOf(text.charAt(position)) < 0) {
            position++;
        }
        // Like Spring, a name is everything between operators, trimmed.
        return new Named(text.substring(start, position).strip());
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private IllegalArgumentException malformed(String reason) {
        return new IllegalArgumentException("Invalid profile expression '" + expression + "': " + reason);
    }
}

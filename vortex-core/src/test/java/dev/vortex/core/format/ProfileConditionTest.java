package dev.vortex.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileConditionTest {

    @ParameterizedTest(name = "''{0}'' with [{1}] -> {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                "prod;           prod;         true",
                "prod;           dev;          false",
                "prod;           '';           false",
                "!prod;          dev;          true",
                "!prod;          prod;         false",
                "!prod;          '';           true",
                "prod & eu;      prod eu;      true",
                "prod & eu;      prod;         false",
                "prod&eu&blue;   prod eu blue; true",
                "prod | staging; staging;      true",
                "prod | staging; dev;          false",
                "prod,eu;        eu;           true",
                "prod, eu;       dev;          false",
                "(prod | staging) & eu; staging eu; true",
                "(prod | staging) & eu; staging;    false",
                "prod & (eu | us);      prod us;    true",
                "!(prod & eu);          prod;       true",
                "!(prod & eu);          prod eu;    false",
                "!prod & eu;            eu;         true",
                "!prod & eu;            prod eu;    false",
                "!!prod;                prod;       true",
                "((prod));              prod;       true",
                "(a & b) | (c & d);     c d;        true",
                "(a & b) | (c & d);     a c;        false",
                "a | b, c & d;          c d;        true",
                "my profile;            my profile; false",
            })
    void profileExpression_matchesLikeSpringProfilesOf(String expression, String active, boolean expected) {
        List<String> profiles =
                active.isBlank() ? List.of() : Arrays.asList(active.trim().split(" "));

        assertThat(ProfileCondition.parse(expression).matches(profiles)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "a & b | c",
                "a | b & c",
                "(a",
                "a)",
                "()",
                "a &",
                "& a",
                "!",
                "a,,b",
                "a,",
                "(a) b",
                "a (b)"
            })
    void malformedProfileExpression_isRejected_namingTheExpression(String expression) {
        assertThatThrownBy(() -> ProfileCondition.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + expression + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a & (b | c)", "(a | b) & c", "!a | !b", "a & !b & c"})
    void parenthesisedMixOfAndOr_isAccepted(String expression) {
        assertThat(ProfileCondition.parse(expression)).hasToString(expression);
    }
}

package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The routing patterns of named repositories, as Spring Cloud Config's {@code
 * PatternMatchingJGitEnvironmentRepository} reads them. A URI with placeholders keeps the slot from cloning
 * anything here.
 */
class GitRepositorySlotTest {

    private static GitRepositorySlot slot(String name, String... patterns) {
        return new GitRepositorySlot(
                new GitRepositorySettings(
                        name, List.of(patterns), "file:///nowhere/{application}", List.of(), null, null, null, null),
                settings -> {
                    throw new AssertionError("nothing is cloned for a URI with placeholders");
                });
    }

    @Test
    void aPatternWithoutProfile_matchesEveryProfile_andProfileLists() {
        GitRepositorySlot slot = slot("team", "team-*");

        assertThat(slot.matches("team-a", List.of("dev"))).isTrue();
        assertThat(slot.acceptsProfileList("team-a", "dev,prod")).isTrue();
        assertThat(slot.matches("other", List.of("dev"))).isFalse();
    }

    @Test
    void aPatternWithAProfile_matchesTheLastProfile_butTheListMustMatchToo() {
        GitRepositorySlot slot = slot("special", "*/special");

        assertThat(slot.matches("app", List.of("prod", "special"))).isTrue();
        assertThat(slot.acceptsProfileList("app", "prod,special")).isFalse();
        assertThat(slot.acceptsProfileList("app", "special,prod")).isTrue();
        assertThat(slot.acceptsProfileList("app", "special")).isTrue();
    }

    @Test
    void withoutPatterns_theNameIsThePattern() {
        GitRepositorySlot slot = slot("orders");

        assertThat(slot.matches("orders", List.of("prod"))).isTrue();
        assertThat(slot.matches("orders-x", List.of("prod"))).isFalse();
    }

    @Test
    void patternCharactersOtherThanTheStar_areLiteral() {
        GitRepositorySlot slot = slot("dots", "a.b*");

        assertThat(slot.matches("a.b-c", List.of("x"))).isTrue();
        assertThat(slot.matches("axb", List.of("x"))).isFalse();
    }

    @Test
    void aPlaceholderInTheHost_isRefused_namingTheUri() {
        assertThatThrownBy(() -> new GitRepositorySlot(
                        new GitRepositorySettings(
                                "bad",
                                List.of(),
                                "https://{application}.example.com/repo.git",
                                List.of(),
                                null,
                                null,
                                null,
                                null),
                        settings -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://{application}.example.com/repo.git")
                .hasMessageContaining("host");
    }
}

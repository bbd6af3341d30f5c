package dev.vortex.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.core.ConfigFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentActivationTest {

    private static List<ConfigDocument> yaml(String text) {
        return ConfigFormat.YML.parse("app.yml", text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<ConfigDocument> properties(String text) {
        return ConfigFormat.PROPERTIES.parse("app.properties", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void documentWithoutActivationKey_isAlwaysActive() {
        ConfigDocument document = yaml("a: 1\n").get(0);

        assertThat(document.profileCondition()).isEmpty();
        assertThat(document.isActiveFor(List.of())).isTrue();
        assertThat(document.isActiveFor(List.of("prod"))).isTrue();
    }

    @Test
    void onProfile_activatesTheDocumentForMatchingProfiles_andKeepsTheKey() {
        List<ConfigDocument> documents = yaml("""
                a: 1
                ---
                spring.config.activate.on-profile: prod & eu
                a: 2
                """);

        ConfigDocument prodEu = documents.get(1);
        assertThat(prodEu.isActiveFor(List.of("prod", "eu"))).isTrue();
        assertThat(prodEu.isActiveFor(List.of("prod"))).isFalse();
        assertThat(prodEu.properties()).containsEntry("spring.config.activate.on-profile", "prod & eu");
        assertThat(prodEu.profileCondition())
                .hasValueSatisfying(c -> assertThat(c).hasToString("prod & eu"));
    }

    @Test
    void legacySpringProfiles_activatesTheDocument() {
        ConfigDocument document = yaml("spring:\n  profiles: dev\nb: 1\n").get(0);

        assertThat(document.isActiveFor(List.of("dev"))).isTrue();
        assertThat(document.isActiveFor(List.of("prod"))).isFalse();
    }

    @Test
    void yamlListOfProfiles_meansAnyOf() {
        ConfigDocument document =
                yaml("spring.config.activate.on-profile: [dev, test]\n").get(0);

        assertThat(document.isActiveFor(List.of("test"))).isTrue();
        assertThat(document.isActiveFor(List.of("dev"))).isTrue();
        assertThat(document.isActiveFor(List.of("prod"))).isFalse();
    }

    @Test
    void legacyYamlListOfProfiles_meansAnyOf() {
        ConfigDocument document =
                yaml("spring:\n  profiles:\n    - dev\n    - '!prod & eu'\n").get(0);

        assertThat(document.isActiveFor(List.of("dev", "prod"))).isTrue();
        assertThat(document.isActiveFor(List.of("eu"))).isTrue();
        assertThat(document.isActiveFor(List.of("prod", "eu"))).isFalse();
    }

    @Test
    void commaSeparatedProfiles_meanAnyOf() {
        ConfigDocument document =
                properties("spring.config.activate.on-profile=dev, test\n").get(0);

        assertThat(document.isActiveFor(List.of("test"))).isTrue();
        assertThat(document.isActiveFor(List.of("prod"))).isFalse();
    }

    @Test
    void onProfile_winsOverLegacySpringProfiles() {
        ConfigDocument document = properties("spring.profiles=dev\nspring.config.activate.on-profile=prod\n")
                .get(0);

        assertThat(document.isActiveFor(List.of("prod"))).isTrue();
        assertThat(document.isActiveFor(List.of("dev"))).isFalse();
    }

    @Test
    void emptyOnProfile_meansNoCondition() {
        assertThat(yaml("spring.config.activate.on-profile:\na: 1\n").get(0).profileCondition())
                .isEmpty();
        assertThat(yaml("spring.config.activate.on-profile: []\na: 1\n").get(0).profileCondition())
                .isEmpty();
    }

    @Test
    void propertiesDocuments_eachHaveTheirOwnCondition() {
        List<ConfigDocument> documents = properties("a=1\n#---\nspring.config.activate.on-profile=prod\na=2\n");

        assertThat(documents.get(0).profileCondition()).isEmpty();
        assertThat(documents.get(1).isActiveFor(List.of("prod"))).isTrue();
        assertThat(documents.get(1).isActiveFor(List.of("dev"))).isFalse();
    }

    @Test
    void malformedProfileExpression_isRejected_namingTheFileAndExpression() {
        assertThatThrownBy(() -> yaml("a: 1\n---\nspring.config.activate.on-profile: a & b | c\n"))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining("app.yml")
                .hasMessageContaining("document #1")
                .hasMessageContaining("a & b | c");
    }
}

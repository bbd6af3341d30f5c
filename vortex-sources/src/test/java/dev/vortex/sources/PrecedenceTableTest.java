package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The order of property sources, as a table: which files exist in search locations {@code loc1} and {@code
 * loc2} (in that configured order), what is requested, and the source names expected, highest precedence
 * first. The order is shared by the native and Git sources; it is exercised here through native directories.
 */
class PrecedenceTableTest {

    @TempDir
    Path root;

    /**
     * @param files relative path (starting with the location) to content
     * @param application the requested application (may be a comma list)
     * @param profiles the requested profiles
     * @param expected the expected source names relative to the temp root, highest precedence first
     */
    record Case(Map<String, String> files, String application, String profiles, List<String> expected) {}

    static Stream<Arguments> cases() {
        return Stream.of(
                row(
                        "formats rank properties > yml > yaml; json is not a config format (as in Spring Boot)",
                        files(
                                "loc1/myapp.json", "{\"a\": 4}",
                                "loc1/myapp.yaml", "a: 3",
                                "loc1/myapp.yml", "a: 2",
                                "loc1/myapp.properties", "a=1"),
                        "myapp",
                        "",
                        "loc1/myapp.properties",
                        "loc1/myapp.yml",
                        "loc1/myapp.yaml"),
                row(
                        "{app}-{profile} > application-{profile} > {app} > application",
                        files(
                                "loc1/application.yml", "a: 4",
                                "loc1/myapp.yml", "a: 3",
                                "loc1/application-prod.yml", "a: 2",
                                "loc1/myapp-prod.yml", "a: 1"),
                        "myapp",
                        "prod",
                        "loc1/myapp-prod.yml",
                        "loc1/application-prod.yml",
                        "loc1/myapp.yml",
                        "loc1/application.yml"),
                row(
                        "every format in a profile-specific position, json never",
                        files(
                                "loc1/myapp-prod.json", "{\"a\": 1}",
                                "loc1/myapp-prod.yaml", "a: 1",
                                "loc1/application-prod.properties", "a=2",
                                "loc1/application.yaml", "a: 3"),
                        "myapp",
                        "prod",
                        "loc1/myapp-prod.yaml",
                        "loc1/application-prod.properties",
                        "loc1/application.yaml"),
                row(
                        "later profile wins over earlier profile",
                        files("loc1/myapp-a.yml", "a: 1", "loc1/myapp-b.yml", "a: 2"),
                        "myapp",
                        "a,b",
                        "loc1/myapp-b.yml",
                        "loc1/myapp-a.yml"),
                row(
                        "profile order dominates location order, later location wins within a profile",
                        files(
                                "loc1/myapp-a.yml", "a: 1",
                                "loc2/myapp-a.yml", "a: 2",
                                "loc1/myapp-b.yml", "a: 3",
                                "loc2/application-b.yml", "a: 4",
                                "loc1/myapp.yml", "a: 5",
                                "loc2/myapp.yml", "a: 6"),
                        "myapp",
                        "a,b",
                        "loc2/application-b.yml",
                        "loc1/myapp-b.yml",
                        "loc2/myapp-a.yml",
                        "loc1/myapp-a.yml",
                        "loc2/myapp.yml",
                        "loc1/myapp.yml"),
                row(
                        "profile-less files: per location, last location first",
                        files(
                                "loc1/myapp.yml", "a: 1",
                                "loc1/application.yml", "a: 2",
                                "loc2/application.yml", "a: 3"),
                        "myapp",
                        "",
                        "loc2/application.yml",
                        "loc1/myapp.yml",
                        "loc1/application.yml"),
                row(
                        "default is a profile like any other",
                        files("loc1/myapp-default.yml", "a: 1", "loc1/myapp.yml", "a: 2"),
                        "myapp",
                        "default",
                        "loc1/myapp-default.yml",
                        "loc1/myapp.yml"),
                row(
                        "default files are not read for another profile",
                        files("loc1/myapp-default.yml", "a: 1", "loc1/myapp.yml", "a: 2"),
                        "myapp",
                        "prod",
                        "loc1/myapp.yml"),
                row(
                        "comma application list: application, app1, app2, later names win",
                        files(
                                "loc1/application.yml", "a: 1",
                                "loc1/app1.yml", "a: 2",
                                "loc1/app2.yml", "a: 3",
                                "loc1/app1-prod.yml", "a: 4",
                                "loc1/application-prod.yml", "a: 5"),
                        "app1,app2",
                        "prod",
                        "loc1/app1-prod.yml",
                        "loc1/application-prod.yml",
                        "loc1/app2.yml",
                        "loc1/app1.yml",
                        "loc1/application.yml"),
                row(
                        "requesting application itself reads each file once",
                        files("loc1/application.yml", "a: 1", "loc1/application-prod.yml", "a: 2"),
                        "application",
                        "prod",
                        "loc1/application-prod.yml",
                        "loc1/application.yml"),
                row(
                        "later documents win within a file and are named by index",
                        files("loc1/application.yml", "a: 1\n---\na: 2\n"),
                        "myapp",
                        "",
                        "loc1/application.yml (document #1)",
                        "loc1/application.yml (document #0)"),
                row(
                        "on-profile document of a profile-less file: active only for its profile",
                        files(
                                "loc1/myapp.yml",
                                "a: 1\n---\nspring.config.activate.on-profile: prod\na: 2\n---\n"
                                        + "spring.config.activate.on-profile: dev\na: 3\n",
                                "loc1/myapp-prod.yml",
                                "a: 4",
                                "loc1/application.yml",
                                "a: 5"),
                        "myapp",
                        "prod",
                        "loc1/myapp-prod.yml",
                        "loc1/myapp.yml (document #1)",
                        "loc1/myapp.yml (document #0)",
                        "loc1/application.yml"),
                row(
                        "legacy spring.profiles activates a document too",
                        files("loc1/myapp.yml", "a: 1\n---\nspring:\n  profiles: prod\na: 2\n"),
                        "myapp",
                        "prod",
                        "loc1/myapp.yml (document #1)",
                        "loc1/myapp.yml (document #0)"),
                row(
                        "on-profile document is left out when its profile is not requested",
                        files("loc1/myapp.yml", "a: 1\n---\nspring.config.activate.on-profile: prod\na: 2\n"),
                        "myapp",
                        "dev",
                        "loc1/myapp.yml (document #0)"),
                row(
                        "profile-activated documents rank above every unconditional profile-less document",
                        files(
                                "loc1/application.yml", "a: 1\n---\nspring.config.activate.on-profile: prod\na: 2\n",
                                "loc2/myapp.yml", "a: 3"),
                        "myapp",
                        "prod",
                        "loc1/application.yml (document #1)",
                        "loc2/myapp.yml",
                        "loc1/application.yml (document #0)"),
                row(
                        "profile-activated documents keep their files' relative order",
                        files(
                                "loc1/myapp.yml", "a: 1\n---\nspring.config.activate.on-profile: prod\na: 2\n",
                                "loc2/application.yml", "a: 3\n---\nspring.config.activate.on-profile: prod\na: 4\n"),
                        "myapp",
                        "prod",
                        "loc2/application.yml (document #1)",
                        "loc1/myapp.yml (document #1)",
                        "loc2/application.yml (document #0)",
                        "loc1/myapp.yml (document #0)"),
                row(
                        "profile-activated documents stay below profile-specific files",
                        files(
                                "loc2/myapp.yml", "a: 1\n---\nspring.config.activate.on-profile: prod\na: 2\n",
                                "loc1/application-prod.yml", "a: 3"),
                        "myapp",
                        "prod",
                        "loc1/application-prod.yml",
                        "loc2/myapp.yml (document #1)",
                        "loc2/myapp.yml (document #0)"),
                row(
                        "properties documents split by #--- with on-profile",
                        files("loc1/myapp.properties", "a=1\n#---\nspring.config.activate.on-profile=prod\na=2\n"),
                        "myapp",
                        "prod",
                        "loc1/myapp.properties (document #1)",
                        "loc1/myapp.properties (document #0)"),
                row(
                        "inactive document of a profile-specific file is left out, the rest keep document names",
                        files("loc1/myapp-prod.yml", "a: 1\n---\nspring.config.activate.on-profile: eu\na: 2\n"),
                        "myapp",
                        "prod",
                        "loc1/myapp-prod.yml (document #0)"),
                row(
                        "no profiles reads profile-less files only",
                        files("loc1/myapp-prod.yml", "a: 1", "loc1/myapp.yml", "a: 2"),
                        "myapp",
                        "",
                        "loc1/myapp.yml"),
                row(
                        "empty files give no source",
                        files("loc1/myapp.yml", "", "loc1/application.properties", "a=1"),
                        "myapp",
                        "",
                        "loc1/application.properties"),
                row("no files, no sources", files(), "myapp", "prod"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void propertySources_areOrderedAsSpringCloudConfigOrdersThem(Case row) throws IOException {
        write(row.files());

        Environment environment = source().find(row.application(), row.profiles(), null);

        assertThat(environment.propertySources())
                .extracting(PropertySource::name)
                .containsExactlyElementsOf(row.expected().stream()
                        .map(name -> "file:" + root.toAbsolutePath() + "/" + name)
                        .toList());
    }

    @Test
    void laterProfileWins_overEarlierProfile_inMergedProperties() throws IOException {
        write(files(
                "loc1/myapp-a.yml", "shared: a\nonly.a: true\n",
                "loc1/myapp-b.yml", "shared: b\n",
                "loc1/myapp.yml", "shared: none\nport: 8080\n"));

        Environment environment = source().find("myapp", "a,b", null);

        assertThat(environment.mergedProperties())
                .containsEntry("shared", "b")
                .containsEntry("only.a", true)
                .containsEntry("port", 8080);
        assertThat(environment.profiles()).containsExactly("a", "b");
        assertThat(environment.name()).isEqualTo("myapp");
    }

    private NativeConfigSource source() throws IOException {
        return NativeConfigSource.of(
                Files.createDirectories(root.resolve("loc1")), Files.createDirectories(root.resolve("loc2")));
    }

    private void write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static Arguments row(
            String description, Map<String, String> files, String application, String profiles, String... expected) {
        return Arguments.of(named(description, new Case(files, application, profiles, List.of(expected))));
    }

    private static Map<String, String> files(String... pathsAndContents) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return files;
    }
}

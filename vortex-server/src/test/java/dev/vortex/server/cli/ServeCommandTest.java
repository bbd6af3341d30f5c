package dev.vortex.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.server.ServerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code vortex serve} turns options, environment variables and the settings file into settings. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private ServerSettings parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new VortexCommand());
        commandLine.setDefaultValueProvider(SettingsDefaults.load(args, environment));
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        ServeCommand serve = (ServeCommand) result.subcommand().commandSpec().userObject();
        return serve.settings();
    }

    @Test
    void withoutAnything_theDefaultsApply() {
        ServerSettings settings = parse(Map.of(), "serve");

        assertThat(settings.port()).isEqualTo(8888);
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.nativeLocations()).isEmpty();
        assertThat(settings.gitUri()).isEmpty();
        assertThat(settings.gitRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.cacheMaxEntries()).isEqualTo(10_000);
        assertThat(settings.nativeTransport()).isTrue();
    }

    @Test
    void nativeTransport_canBeTurnedOff_byOptionOrEnvironment() {
        assertThat(parse(Map.of(), "serve", "--native-transport", "false").nativeTransport())
                .isFalse();
        assertThat(parse(Map.of("VORTEX_NATIVE_TRANSPORT", "false"), "serve").nativeTransport())
                .isFalse();
    }

    @Test
    void commandLine_beatsEnvironment_whichBeatsTheFile() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, """
                port: 7000
                git:
                  uri: https://example.com/from-file.git
                  default-label: from-file
                  refresh-interval: 5m
                native:
                  locations:
                    - /a
                    - /b
                """);
        Map<String, String> environment = Map.of("VORTEX_PORT", "7001", "VORTEX_GIT_DEFAULT_LABEL", "from-env");

        ServerSettings fromFileAndEnvironment = parse(environment, "serve", "--config", file.toString());
        assertThat(fromFileAndEnvironment.port()).isEqualTo(7001);
        assertThat(fromFileAndEnvironment.gitDefaultLabel()).contains("from-env");
        assertThat(fromFileAndEnvironment.gitUri()).contains("https://example.com/from-file.git");
        assertThat(fromFileAndEnvironment.gitRefreshInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(fromFileAndEnvironment.nativeLocations()).containsExactly(Path.of("/a"), Path.of("/b"));

        ServerSettings withOptions = parse(environment, "serve", "--config=" + file, "--port", "7002");
        assertThat(withOptions.port()).isEqualTo(7002);
    }

    @Test
    void environment_listsAreCommaSeparated_andTheFileCanComeFromTheEnvironment() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "git:\n  refresh-interval: 45s\n");
        ServerSettings settings =
                parse(Map.of("VORTEX_NATIVE_LOCATIONS", "/x,/y", "VORTEX_CONFIG", file.toString()), "serve");

        assertThat(settings.nativeLocations()).containsExactly(Path.of("/x"), Path.of("/y"));
        assertThat(settings.gitRefreshInterval()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void webSocketSettings_comeFromOptionsEnvironmentAndFile() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "ws:\n  history-depth: 4\n  pong-timeout: 3s\n");
        ServerSettings settings = parse(
                Map.of("VORTEX_WS_PING_INTERVAL", "5s"),
                "serve",
                "--config",
                file.toString(),
                "--ws-max-frame-bytes",
                "1024");

        assertThat(settings.realtime().pingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.realtime().pongTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.realtime().historyDepth()).isEqualTo(4);
        assertThat(settings.realtime().maxFrameBytes()).isEqualTo(1024);
        assertThat(settings.realtime().maxMessagesPerSecond()).isEqualTo(100);
    }

    @Test
    void repeatedNativeOptions_areSearchLocationsInOrder() {
        assertThat(parse(Map.of(), "serve", "--native", "/one", "--native", "/two")
                        .nativeLocations())
                .containsExactly(Path.of("/one"), Path.of("/two"));
    }

    @Test
    void unknownKeyInTheSettingsFile_isRefusedByName() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "prot: 1\n");
        SettingsDefaults defaults = SettingsDefaults.load(new String[] {"--config", file.toString()}, Map.of());

        assertThatThrownBy(() -> defaults.requireKnownKeys(java.util.Set.of("port")))
                .hasMessageContaining("prot")
                .hasMessageContaining(file.toString());
    }

    @Test
    void brokenSettingsFile_isRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, "port: [\n");

        assertThatThrownBy(() -> SettingsDefaults.load(new String[] {"--config", file.toString()}, Map.of()))
                .hasMessageContaining("broken.yml");
    }

    @Test
    void badDuration_isExplained() {
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--git-refresh-interval", "soon"))
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void durations_acceptUnitsIsoAndPlainSeconds() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT10S")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("15")).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void help_documentsEveryOption_withItsVariable() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = VortexCommand.commandLine(new String[0]);
        commandLine.setOut(new PrintWriter(out));
        commandLine.execute("serve", "--help");

        for (String option : List.of(
                "--port",
                "--host",
                "--native",
                "--native-refresh-interval",
                "--git",
                "--git-basedir",
                "--default-label",
                "--git-username",
                "--git-password",
                "--git-refresh-interval",
                "--cache-max-entries",
                "--shutdown-timeout",
                "--event-loops",
                "--discover-keys",
                "--ws-ping-interval",
                "--ws-pong-timeout",
                "--ws-max-messages-per-second",
                "--ws-max-frame-bytes",
                "--ws-history-depth",
                "--ws-max-patterns",
                "--ws-max-reconnect-delay",
                "--config")) {
            assertThat(out.toString()).contains(option);
        }
        assertThat(out.toString()).contains("VORTEX_GIT_URI").contains("Default: 8888");
    }
}

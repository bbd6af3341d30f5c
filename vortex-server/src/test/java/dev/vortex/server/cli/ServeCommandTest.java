package dev.vortex.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.server.ServerSettings;
import dev.vortex.server.config.KeyPattern;
import dev.vortex.server.security.Right;
import dev.vortex.server.security.SecuritySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.security.crypto.bcrypt.BCrypt;
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

    @Test
    void securitySection_configuresPrincipals_andTheServerListensEverywhere() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, """
                port: 9000
                security:
                  allowed-origins: [https://app.example.test]
                  health-open: false
                  api-keys:
                    - name: ci
                      key: "0123456789abcdef-ci"
                      read: ["orders:prod,eu:*", "*:*:main"]
                      rights: [refresh, metrics]
                  users:
                    - name: alice
                      password-hash: "%s"
                      read: ["*:prod:*"]
                  jwt:
                    hs256-secret: "a-shared-hmac-secret-of-32-bytes-at-least"
                    issuer: https://login.example.test
                    audience: vortex
                    clock-skew-seconds: 5
                """.formatted(BCrypt.hashpw("wonderland", BCrypt.gensalt(4))));

        ServerSettings settings = parse(Map.of(), "serve", "--config", file.toString());

        SecuritySettings security = settings.security();
        assertThat(security.enabled()).isTrue();
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(security.healthOpen()).isFalse();
        assertThat(security.allowedOrigins()).containsExactly("https://app.example.test");
        SecuritySettings.ApiKey ci = security.apiKeys().get(0);
        assertThat(ci.name()).isEqualTo("ci");
        // A profile list inside a pattern keeps its comma.
        assertThat(ci.grants().read())
                .containsExactly(KeyPattern.parse("orders:prod,eu:*"), KeyPattern.parse("*:*:main"));
        assertThat(ci.grants().rights()).containsExactlyInAnyOrder(Right.REFRESH, Right.METRICS);
        assertThat(security.users().get(0).grants().rights()).isEmpty();
        assertThat(security.jwt().issuer()).isEqualTo("https://login.example.test");
        assertThat(security.jwt().clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ci.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void withoutSecuritySection_theServerIsOpen_onLoopback_unlessTold() {
        assertThat(parse(Map.of(), "serve").security().enabled()).isFalse();
        assertThat(parse(Map.of(), "serve", "--host", "0.0.0.0").host()).isEqualTo("0.0.0.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
                    api-key: {name: x}                                                        | unknown security setting(s) [security.api-key.name]
                    api-keys: [{name: ci, key: short, read: ['*:*:*']}]                       | must have at least 16 characters
                    api-keys: [{name: ci, key: 0123456789abcdef, read: ['orders:*']}]          | invalid pattern 'orders:*'
                    api-keys: [{name: ci, key: 0123456789abcdef, rights: [root]}]              | unknown right 'root'
                    users: [{name: alice, password-hash: wonderland}]                         | is not a bcrypt hash
                    jwt: {issuer: x}                                                          | needs hs256-secret, public-keys or jwks-file
                    jwt: {hs256-secret: short}                                                | at least 32 bytes
                    jwt: {hs256-secret: a-shared-hmac-secret-of-32-bytes-at-least, clock-skew-seconds: soon} | clock-skew-seconds must be a number
                    """)
    void badSecuritySettings_areRefused_namingTheValue(String section, String expected) throws IOException {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "security:\n  " + section + "\n");

        assertThatThrownBy(() -> parse(Map.of(), "serve", "--config", file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining(file.toString());
    }

    @Test
    void hashPassword_printsABcryptHashOfTheFirstLineOfStandardInput() {
        java.io.InputStream stdin = System.in;
        StringWriter out = new StringWriter();
        try {
            System.setIn(new java.io.ByteArrayInputStream("wonderland\nignored\n".getBytes(StandardCharsets.UTF_8)));
            CommandLine commandLine = VortexCommand.commandLine(new String[0]);
            commandLine.setOut(new PrintWriter(out));
            assertThat(commandLine.execute("hash-password", "--cost", "4")).isZero();
        } finally {
            System.setIn(stdin);
        }
        String hash = out.toString().trim();
        assertThat(hash).startsWith("$2a$04$");
        assertThat(BCrypt.checkpw("wonderland", hash)).isTrue();
        assertThat(BCrypt.checkpw("ignored", hash)).isFalse();
    }
}

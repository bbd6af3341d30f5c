package dev.vortex.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.server.ServerSettings;
import dev.vortex.server.config.KeyPattern;
import dev.vortex.server.crypto.EncryptionSettings;
import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.security.CorsSettings;
import dev.vortex.server.security.FailureDelaySettings;
import dev.vortex.server.security.Right;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.TlsSettings;
import dev.vortex.server.security.TrustedProxies;
import dev.vortex.server.security.WebhookProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
        CommandLine commandLine = VortexCommand.withAllSubcommands();
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
    void withoutAnything_everySettingIsTheModelsOwnDefault() {
        ServerSettings settings = parse(Map.of(), "serve");

        assertThat(settings.realtime()).isEqualTo(RealtimeSettings.DEFAULTS);
        assertThat(settings.keyDiscovery()).isEqualTo(ServerSettings.DEFAULT_KEY_DISCOVERY);
        assertThat(settings.nativeRefreshInterval()).isEqualTo(ServerSettings.DEFAULT_NATIVE_REFRESH_INTERVAL);
        assertThat(settings.shutdownTimeout()).isEqualTo(ServerSettings.DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(settings.encryption()).isEqualTo(EncryptionSettings.NONE);
    }

    @Test
    void everyModelDefault_belongsToAnOption() {
        Set<String> optionKeys =
                VortexCommand.withAllSubcommands().getSubcommands().get("serve").getCommandSpec().options().stream()
                        .map(option -> option.descriptionKey())
                        .collect(Collectors.toSet());

        assertThat(optionKeys).containsAll(SettingsDefaults.MODEL_DEFAULTS.keySet());
    }

    @Test
    void help_showsTheModelsDefaults() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = VortexCommand.withAllSubcommands();
        commandLine.setDefaultValueProvider(SettingsDefaults.load(new String[0], Map.of()));
        commandLine.getSubcommands().get("serve").usage(new PrintWriter(out));

        assertThat(out.toString())
                .contains("Default: 30s")
                .contains("Default: 65536")
                .contains("deadbeef.")
                .contains("Default: 60s");
    }

    @Test
    void connectionLimits_haveDefaults_andComeFromOptionsEnvironmentAndFile() throws IOException {
        ServerSettings defaults = parse(Map.of(), "serve");
        assertThat(defaults.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.maxConnections()).isEqualTo(ServerSettings.DEFAULT_MAX_CONNECTIONS);
        Path file = dir.resolve("limits.yml");
        Files.writeString(file, "http:\n  idle-timeout: 90s\nmax-connections: 300\n");

        ServerSettings settings = parse(
                Map.of("VORTEX_HTTP_HEADER_TIMEOUT", "3s"),
                "serve",
                "--config",
                file.toString(),
                "--max-connections",
                "200");

        assertThat(settings.headerTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.maxConnections()).isEqualTo(200);
    }

    @Test
    void tls_comesFromOptionsEnvironmentAndFile_andIsOffByDefault() throws IOException {
        assertThat(parse(Map.of(), "serve").tls()).isEmpty();
        Path file = dir.resolve("tls.yml");
        Files.writeString(file, "tls:\n  cert: /etc/vortex/tls.crt\n  reload-interval: 1m\n");

        ServerSettings settings =
                parse(Map.of("VORTEX_TLS_KEY", "/etc/vortex/tls.key"), "serve", "--config", file.toString());

        assertThat(settings.tls()).hasValueSatisfying(tls -> {
            assertThat(tls.certificate()).isEqualTo(Path.of("/etc/vortex/tls.crt"));
            assertThat(tls.key()).isEqualTo(Path.of("/etc/vortex/tls.key"));
            assertThat(tls.reloadInterval()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(parse(Map.of(), "serve", "--tls-cert", "a.crt", "--tls-key", "a.key")
                        .tls()
                        .orElseThrow()
                        .reloadInterval())
                .isEqualTo(TlsSettings.DEFAULT_RELOAD_INTERVAL);
    }

    @Test
    void aTlsCertificateWithoutItsKey_isRefused_namingTheMissingOption() {
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--tls-cert", "/etc/vortex/tls.crt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-cert /etc/vortex/tls.crt needs --tls-key (tls.key, VORTEX_TLS_KEY)");
        assertThatThrownBy(() -> parse(Map.of("VORTEX_TLS_KEY", "/etc/vortex/tls.key"), "serve"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-key /etc/vortex/tls.key needs --tls-cert (tls.cert, VORTEX_TLS_CERT)");
    }

    @Test
    void nativeTransport_canBeTurnedOff_byOptionOrEnvironment() {
        assertThat(parse(Map.of(), "serve", "--native-transport", "false").nativeTransport())
                .isFalse();
        assertThat(parse(Map.of("VORTEX_NATIVE_TRANSPORT", "false"), "serve").nativeTransport())
                .isFalse();
    }

    @Test
    void warmUp_isOnByDefault_andCanBeTurnedOff_byOptionOrEnvironment() {
        assertThat(parse(Map.of(), "serve").warmUp()).isTrue();
        assertThat(parse(Map.of(), "serve", "--warm-up", "false").warmUp()).isFalse();
        assertThat(parse(Map.of(), "serve", "--warm-up=false").warmUp()).isFalse();
        assertThat(parse(Map.of("VORTEX_WARM_UP", "false"), "serve").warmUp()).isFalse();
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
        assertThat(parse(environment, "serve").settingsFile()).isEmpty();
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
    void gitSearchPaths_comeFromAFileListTheEnvironmentOrOptions() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "git:\n  search-paths:\n    - '{application}'\n    - shared\n");

        assertThat(parse(Map.of(), "serve", "--config", file.toString()).gitSearchPaths())
                .containsExactly("{application}", "shared");
        assertThat(parse(Map.of("VORTEX_GIT_SEARCH_PATHS", "a,b*"), "serve").gitSearchPaths())
                .containsExactly("a", "b*");
        assertThat(parse(Map.of(), "serve", "--git-search-paths", "x", "--git-search-paths", "y")
                        .gitSearchPaths())
                .containsExactly("x", "y");
    }

    @Test
    void overrides_comeFromTheFilesMap_andOptionsWin() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, """
                overrides:
                  eureka.client.enabled: false
                  greeting: from-file
                """);

        ServerSettings settings =
                parse(Map.of(), "serve", "--config", file.toString(), "--override", "greeting=from-option");

        assertThat(settings.overrides())
                .containsOnly(Map.entry("eureka.client.enabled", "false"), Map.entry("greeting", "from-option"));
    }

    @Test
    void gitRepos_comeFromTheFilesMap_inFileOrder() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, """
                git:
                  uri: https://example.com/default.git
                  repos:
                    zeta:
                      pattern: [zeta-*, '*/dev']
                      uri: https://example.com/{application}.git
                      search-paths: '{profile},shared'
                      default-label: release
                    alpha:
                      uri: https://example.com/alpha.git
                      basedir: /var/lib/alpha
                """);

        ServerSettings settings = parse(Map.of(), "serve", "--config", file.toString());

        assertThat(settings.gitRepos()).hasSize(2);
        var zeta = settings.gitRepos().get(0);
        assertThat(zeta.name()).isEqualTo("zeta");
        assertThat(zeta.patterns()).containsExactly("zeta-*", "*/dev");
        assertThat(zeta.uri()).isEqualTo("https://example.com/{application}.git");
        assertThat(zeta.searchPaths()).containsExactly("{profile}", "shared");
        assertThat(zeta.defaultLabel()).isEqualTo("release");
        var alpha = settings.gitRepos().get(1);
        assertThat(alpha.patterns()).isEmpty();
        assertThat(alpha.basedir()).isEqualTo(Path.of("/var/lib/alpha"));
    }

    @Test
    void gitRepos_withAnUnknownProperty_orWithoutDefaultUri_areRefused_namingWhat() throws IOException {
        Path typo = dir.resolve("typo.yml");
        Files.writeString(typo, "git:\n  uri: https://example.com/d.git\n  repos:\n    a:\n      url: x\n");
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--config", typo.toString()))
                .hasMessageContaining("git.repos.a.url");

        Path noDefault = dir.resolve("no-default.yml");
        Files.writeString(noDefault, "git:\n  repos:\n    a:\n      uri: https://example.com/a.git\n");
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--config", noDefault.toString()))
                .hasMessageContaining("[a]")
                .hasMessageContaining("git.uri");
    }

    @Test
    void composite_comesFromTheFilesList() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, """
                composite:
                  - type: git
                    uri: https://example.com/config.git
                    search-paths: ['{application}', shared]
                  - type: native
                    search-locations: [/srv/a, /srv/b]
                    order: 0
                """);

        ServerSettings settings = parse(Map.of(), "serve", "--config", file.toString());

        assertThat(settings.composite()).hasSize(2);
        assertThat(settings.composite().get(0).git().uri()).isEqualTo("https://example.com/config.git");
        assertThat(settings.composite().get(0).git().searchPaths()).containsExactly("{application}", "shared");
        assertThat(settings.composite().get(0).order()).isEqualTo(Integer.MAX_VALUE);
        assertThat(settings.composite().get(1).nativeLocations()).containsExactly(Path.of("/srv/a"), Path.of("/srv/b"));
        assertThat(settings.composite().get(1).order()).isZero();
    }

    @Test
    void composite_withAnUnknownTypeOrProperty_isRefused_namingIt() throws IOException {
        Path type = dir.resolve("type.yml");
        Files.writeString(type, "composite:\n  - type: svn\n    uri: x\n");
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--config", type.toString()))
                .hasMessageContaining("composite[0].type 'svn'");
        Path property = dir.resolve("property.yml");
        Files.writeString(property, "composite:\n  - type: native\n    uri: x\n");
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--config", property.toString()))
                .hasMessageContaining("composite[0].uri");
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
        assertThat(settings.realtime().compression()).as("on by default").isTrue();
    }

    @Test
    void compression_isTurnedOffByOptionEnvironmentOrFile() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "ws:\n  compression: false\n");

        assertThat(parse(Map.of(), "serve", "--ws-compression", "false")
                        .realtime()
                        .compression())
                .isFalse();
        assertThat(parse(Map.of("VORTEX_WS_COMPRESSION", "false"), "serve")
                        .realtime()
                        .compression())
                .isFalse();
        assertThat(parse(Map.of(), "serve", "--config", file.toString())
                        .realtime()
                        .compression())
                .isFalse();
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

        assertThatThrownBy(() -> defaults.requireKnownKeys(java.util.Set.of("port"), java.util.Set.of()))
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
    void gitLease_comesFromTheOptionTheEnvironmentOrTheFile_andOneTooShortIsRefusedNamingIt() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "git:\n  lease: 3s\n");

        assertThat(parse(Map.of(), "serve").gitLease()).isEqualTo(ServerSettings.DEFAULT_GIT_LEASE);
        assertThat(parse(Map.of(), "serve", "--git-lease", "2s").gitLease()).isEqualTo(Duration.ofSeconds(2));
        assertThat(parse(Map.of("VORTEX_GIT_LEASE", "5s"), "serve").gitLease()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse(Map.of(), "serve", "--config", file.toString()).gitLease())
                .isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--git-lease", "100ms"))
                .hasMessageContaining("git lease must be at least 300ms, was PT0.1S");
    }

    @Test
    void settingsPollInterval_comesFromOptionsEnvironmentAndFile_offOrZeroStopsIt_andBadValuesAreExplained()
            throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "settings-poll-interval: 1m\n");

        assertThat(parse(Map.of(), "serve").settingsPollInterval()).contains(Duration.ofSeconds(5));
        assertThat(parse(Map.of(), "serve", "--settings-poll-interval", "30s").settingsPollInterval())
                .contains(Duration.ofSeconds(30));
        assertThat(parse(Map.of("VORTEX_SETTINGS_POLL_INTERVAL", "500ms"), "serve")
                        .settingsPollInterval())
                .contains(Duration.ofMillis(500));
        assertThat(parse(Map.of(), "serve", "--config", file.toString()).settingsPollInterval())
                .contains(Duration.ofMinutes(1));
        assertThat(parse(Map.of(), "serve", "--settings-poll-interval", "off").settingsPollInterval())
                .isEmpty();
        assertThat(parse(Map.of(), "serve", "--settings-poll-interval", "OFF").settingsPollInterval())
                .isEmpty();
        assertThat(parse(Map.of(), "serve", "--settings-poll-interval", "0").settingsPollInterval())
                .isEmpty();
        assertThat(parse(Map.of("VORTEX_SETTINGS_POLL_INTERVAL", "off"), "serve")
                        .settingsPollInterval())
                .isEmpty();

        assertThatThrownBy(() -> parse(Map.of(), "serve", "--settings-poll-interval", "sometimes"))
                .hasMessageContaining("--settings-poll-interval")
                .hasMessageContaining("'sometimes' is neither a duration nor off");
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--settings-poll-interval", "PT-5S"))
                .hasMessageContaining("--settings-poll-interval")
                .hasMessageContaining("'PT-5S' is negative");
        assertThatThrownBy(() -> ServerSettings.builder().settingsPollInterval(Duration.ofSeconds(-1)))
                .hasMessage("settings poll interval must be positive, or 0 to turn polling off; was PT-1S");
    }

    @Test
    void trustedProxies_areNoneByDefault_andComeFromOptionsEnvironmentAndFile() throws IOException {
        assertThat(parse(Map.of(), "serve").trustedProxies()).isSameAs(TrustedProxies.NONE);
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "trusted-proxies:\n  - 10.0.0.0/8\n  - 2001:db8::/32\n");

        assertThat(ranges(parse(Map.of(), "serve", "--config", file.toString())))
                .containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(ranges(parse(Map.of("VORTEX_TRUSTED_PROXIES", "192.0.2.7, ::1"), "serve")))
                .containsExactly("192.0.2.7", "::1");
        assertThat(ranges(parse(
                        Map.of(),
                        "serve",
                        "--trusted-proxies",
                        "172.16.0.0/12,127.0.0.1",
                        "--trusted-proxies",
                        "fd00::/8")))
                .containsExactly("172.16.0.0/12", "127.0.0.1", "fd00::/8");
    }

    @Test
    void aMalformedTrustedProxy_isRefused_namingTheOptionAndTheValue() throws IOException {
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--trusted-proxies", "10.0.0.0/8,10.0.0.0/33"))
                .hasMessageContaining("--trusted-proxies")
                .hasMessageContaining(
                        "'10.0.0.0/33' is not a CIDR range: the prefix length of an IPv4 range is 0 to 32");
        assertThatThrownBy(() -> parse(Map.of("VORTEX_TRUSTED_PROXIES", "lb.internal"), "serve"))
                .hasMessageContaining("--trusted-proxies")
                .hasMessageContaining("'lb.internal' is not an IP address or CIDR range");
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "trusted-proxies: [10.0.0.0/8, 'fe80::/200']\n");
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--config", file.toString()))
                .hasMessageContaining("--trusted-proxies")
                .hasMessageContaining("'fe80::/200' is not a CIDR range");
    }

    @Test
    void clientAddressHeader_isXForwardedForByDefault_andComesFromOptionsEnvironmentAndFile() throws IOException {
        assertThat(parse(Map.of(), "serve", "--trusted-proxies", "10.0.0.0/8")
                        .trustedProxies()
                        .header())
                .isEqualTo("X-Forwarded-For");
        assertThat(parse(Map.of(), "serve", "--trusted-proxies", "10.0.0.0/8", "--client-address-header", "Forwarded")
                        .trustedProxies()
                        .header())
                .isEqualTo("Forwarded");
        assertThat(parse(Map.of("VORTEX_CLIENT_ADDRESS_HEADER", "X-Real-IP"), "serve", "--trusted-proxies", "::1")
                        .trustedProxies()
                        .header())
                .isEqualTo("X-Real-IP");
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, "trusted-proxies: [10.0.0.0/8]\nclient-address-header: Forwarded\n");
        assertThat(parse(Map.of(), "serve", "--config", file.toString())
                        .trustedProxies()
                        .header())
                .isEqualTo("Forwarded");

        assertThatThrownBy(() -> parse(Map.of(), "serve", "--client-address-header", "X Forwarded For"))
                .hasMessageContaining("--client-address-header")
                .hasMessageContaining("'X Forwarded For' is not a header name");
    }

    private static List<String> ranges(ServerSettings settings) {
        return settings.trustedProxies().ranges().stream().map(Object::toString).toList();
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
                "--git-lease",
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
                "--http-header-timeout",
                "--http-idle-timeout",
                "--max-connections",
                "--ws-compression",
                "--config",
                "--settings-poll-interval",
                "--trusted-proxies",
                "--client-address-header")) {
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
                    jwks-url: https://login.example.test/.well-known/jwks.json
                    issuer: https://login.example.test
                    audience: vortex
                    clock-skew-seconds: 5
                """.formatted(BCrypt.hashpw("wonderland", BCrypt.gensalt(4))));

        ServerSettings settings = parse(Map.of(), "serve", "--config", file.toString());
        // The file the server watches to reload the security section.
        assertThat(settings.settingsFile()).contains(file);
        assertThat(settings.security().jwt().jwksUrl())
                .isEqualTo(java.net.URI.create("https://login.example.test/.well-known/jwks.json"));

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
    void webhooksCorsAndFailureDelay_areRead_fromTheSecuritySection() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, """
                security:
                  webhooks:
                    github: ["github-secret-0123456789", "github-secret-rotated-01"]
                    gitlab: gitlab-token-0123456789
                    gitee: gitee-signing-key-0123456
                  cors:
                    allowed-origins: [https://app.example.test]
                    allowed-methods: [GET, POST]
                    allow-credentials: true
                    max-age-seconds: 60
                  failure-delay:
                    after: 3
                    window-seconds: 30
                    first-delay-millis: 100
                    max-delay-millis: 1000
                    max-addresses: 500
                """);

        SecuritySettings security =
                parse(Map.of(), "serve", "--config", file.toString()).security();

        assertThat(security.enabled()).isFalse();
        assertThat(security.webhooks().secrets())
                .containsEntry(WebhookProvider.GITHUB, List.of("github-secret-0123456789", "github-secret-rotated-01"))
                .containsEntry(WebhookProvider.GITLAB, List.of("gitlab-token-0123456789"))
                .containsEntry(WebhookProvider.GITEE, List.of("gitee-signing-key-0123456"))
                .hasSize(3);
        assertThat(security.webhooks().toString()).doesNotContain("0123456789");
        assertThat(security.cors().allowedOrigins()).containsExactly("https://app.example.test");
        assertThat(security.cors().allowedMethods()).containsExactly("GET", "POST");
        assertThat(security.cors().allowedHeaders()).isEqualTo(CorsSettings.DEFAULT_HEADERS);
        assertThat(security.cors().allowCredentials()).isTrue();
        assertThat(security.cors().maxAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(security.failureDelay())
                .isEqualTo(new FailureDelaySettings(
                        true, 3, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1), 500));
    }

    @Test
    void withoutThoseSections_noWebhookSecret_noCors_andTheDefaultFailureDelay() {
        SecuritySettings security = parse(Map.of(), "serve").security();

        assertThat(security.webhooks().configured()).isFalse();
        assertThat(security.cors().enabled()).isFalse();
        assertThat(security.failureDelay()).isEqualTo(FailureDelaySettings.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                    webhooks: {github: short}                                                 | security.webhooks.github[0] must have at least 16 characters
                    webhooks: {sourcehut: sourcehut-secret-0123456}                           | unknown security setting(s) [security.webhooks.sourcehut]
                    cors: {allowed-origins: [app.example.test]}                               | 'app.example.test' is not an origin
                    cors: {allowed-origins: ['*'], allow-credentials: true}                   | allow-credentials cannot be true with allowed-origins '*'
                    cors: {allowed-origins: ['*'], allow-credentials: maybe}                  | security.cors.allow-credentials must be true or false, not 'maybe'
                    failure-delay: {after: many}                                              | security.failure-delay.after must be a whole number >= 0, not 'many'
                    failure-delay: {first-delay-millis: 5000}                                 | first-delay-millis (5000) must be between 0 and max-delay-millis (2000)
                    """)
    void badWebhookCorsOrFailureDelaySettings_areRefused_namingTheValue(String section, String expected)
            throws IOException {
        badSecuritySettings_areRefused_namingTheValue(section, expected);
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
                    jwt: {issuer: x}                                                          | needs hs256-secret, public-keys, jwks-file or jwks-url
                    jwt: {jwks-url: 'http://login.example.test/jwks.json'}                    | http:// is allowed for loopback addresses only
                    jwt: {jwks-url: 'ftp://login.example.test/jwks.json'}                     | must be an https:// URL with a host, not 'ftp://login.example.test/jwks.json'
                    jwt: {jwks-url: 'https://login example/jwks'}                             | security.jwt.jwks-url 'https://login example/jwks' is not a URL
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

    @Test
    void encryption_isSetLikeSpringCloudConfig_fromTheFile_springsVariable_orOptions() throws IOException {
        Path file = dir.resolve("vortex.yml");
        Files.writeString(file, """
                decrypt: false
                encrypt:
                  salt: cafebabe
                  key-store:
                    location: file:/keys/config.p12
                    password: storepass
                    alias: config
                    type: PKCS12
                """);
        ServerSettings fromFile = parse(Map.of(), "serve", "--config", file.toString());
        assertThat(fromFile.encryption().decrypt()).isFalse();
        assertThat(fromFile.encryption().salt()).isEqualTo("cafebabe");
        assertThat(fromFile.encryption().keyStore()).hasValueSatisfying(store -> {
            assertThat(store.location()).isEqualTo(Path.of("/keys/config.p12"));
            assertThat(store.alias()).isEqualTo("config");
            assertThat(store.type()).contains("PKCS12");
        });

        ServerSettings defaults = parse(Map.of(), "serve");
        assertThat(defaults.encryption().decrypt()).isTrue();
        assertThat(defaults.encryption().key()).isEmpty();
        assertThat(defaults.encryption().salt()).isEqualTo("deadbeef");

        // Spring Cloud Config's own variable carries over; Vortex's wins over it.
        assertThat(parse(Map.of("ENCRYPT_KEY", "spring"), "serve").encryption().key())
                .contains("spring");
        assertThat(parse(Map.of("ENCRYPT_KEY", "spring", "VORTEX_ENCRYPT_KEY", "vortex"), "serve")
                        .encryption()
                        .key())
                .contains("vortex");
        assertThat(parse(Map.of(), "serve", "--encrypt-key", "k", "--decrypt", "false")
                        .encryption()
                        .decrypt())
                .isFalse();
    }

    @Test
    void keyStore_withoutItsPassword_isRefused_namingTheKeystore() {
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--encrypt-key-store", "/keys/config.p12"))
                .hasMessageContaining("/keys/config.p12")
                .hasMessageContaining("--encrypt-key-store-password");
    }

    @Test
    void backplane_isLocalByDefault_andComesFromOptionsEnvironmentAndFile() throws IOException {
        assertThat(parse(Map.of(), "serve").backplane()).isEmpty();
        assertThat(parse(Map.of(), "serve").backplaneStream()).isEqualTo(ServerSettings.DEFAULT_BACKPLANE_STREAM);
        Path file = dir.resolve("cluster.yml");
        Files.writeString(file, "backplane:\n  uri: redis://redis.internal:6379\n  stream: orders-cluster\n");

        ServerSettings fromFile = parse(Map.of(), "serve", "--config", file.toString());
        assertThat(fromFile.backplane().orElseThrow().uri()).isEqualTo("redis://redis.internal:6379");
        assertThat(fromFile.backplaneStream()).isEqualTo("orders-cluster");
        assertThat(parse(Map.of("VORTEX_BACKPLANE_URI", "rediss://h:6380/1"), "serve")
                        .backplane()
                        .orElseThrow()
                        .uri())
                .isEqualTo("rediss://h:6380/1");
        assertThat(parse(Map.of("VORTEX_BACKPLANE_URI", "rediss://h:6380/1"), "serve", "--backplane", "local")
                        .backplane())
                .isEmpty();
    }

    @Test
    void badBackplane_isRefused_namingTheValueWithoutItsPassword() {
        assertThatThrownBy(() -> parse(Map.of(), "serve", "--backplane", "redis://vortex:s3cret@h:6379/x"))
                .hasMessageContaining("redis://vortex:***@h:6379/x")
                .hasMessageContaining("database number")
                .hasMessageNotContaining("s3cret");
    }
}

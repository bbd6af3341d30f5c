package dev.vortex.server.cli;

import dev.vortex.server.ServerSettings;
import dev.vortex.server.SettingsFile;
import dev.vortex.server.crypto.EncryptionSettings;
import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.TlsSettings;
import dev.vortex.server.security.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option values that the command line does not give, from (in this order) an environment
 * variable, the YAML settings file and the settings model's own default ({@link ServerSettings},
 * {@link RealtimeSettings}, {@link EncryptionSettings}): every default is written once, there, and the
 * command line, the environment, the file and {@code --help} all read it.
 *
 * <p>Each option's {@code descriptionKey} is its settings key: {@code git.default-label} is read from
 * {@code VORTEX_GIT_DEFAULT_LABEL} and from {@code git: {default-label: ...}} in the file. Lists
 * ({@code native.locations}) are comma-separated in the environment and YAML lists in the file.
 */
final class SettingsDefaults implements IDefaultValueProvider {
    static final String CONFIG_OPTION = "--config";
    static final String CONFIG_VARIABLE = "VORTEX_CONFIG";

    /**
     * Variables that Spring Cloud Config reads, honoured after Vortex's own so that a deployment moving over
     * keeps them: settings key → variable.
     */
    private static final Map<String, String> SPRING_VARIABLES = Map.of("encrypt.key", "ENCRYPT_KEY");

    /** The settings model's defaults, as an option would be written: the last resort of {@link #defaultValue}. */
    static final Map<String, String> MODEL_DEFAULTS = modelDefaults();

    private final Map<String, String> environment;
    private final Map<String, String> fileValues;
    private final SettingsFile file;

    private SettingsDefaults(Map<String, String> environment, SettingsFile file) {
        this.environment = environment;
        this.fileValues = file == null ? Map.of() : file.others();
        this.file = file;
    }

    /**
     * Reads the settings file named by {@code --config} in {@code args} or by {@code VORTEX_CONFIG}.
     *
     * @throws IllegalArgumentException if the file cannot be read or is not valid YAML, naming it
     */
    static SettingsDefaults load(String[] args, Map<String, String> environment) {
        String fileName = configFileName(args, environment);
        return new SettingsDefaults(environment, fileName == null ? null : SettingsFile.read(Path.of(fileName)));
    }

    private static String configFileName(String[] args, Map<String, String> environment) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(CONFIG_OPTION + "=")) {
                return args[i].substring(CONFIG_OPTION.length() + 1);
            }
        }
        return environment.get(CONFIG_VARIABLE);
    }

    /**
     * The {@code security} section of the settings file; {@link SecuritySettings#NONE} without a file.
     *
     * @throws IllegalArgumentException naming a bad key or value and the file
     */
    SecuritySettings security() {
        return file == null ? SecuritySettings.NONE : file.securitySettings();
    }

    /** The settings file, whose {@code security} section the server reloads; {@code null} when none was named. */
    Path file() {
        return file == null ? null : file.path();
    }

    /** The parts of a comma-separated value (how lists are written in variables and joined from the file). */
    static List<String> commaList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(part -> !part.isEmpty())
                .toList();
    }

    /** The environment variable that sets {@code key}: {@code git.default-label} → {@code VORTEX_GIT_DEFAULT_LABEL}. */
    static String variableFor(String key) {
        return "VORTEX_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.descriptionKey().isEmpty()) {
            return null;
        }
        String key = option.descriptionKey();
        String fromEnvironment = environment.get(variableFor(key));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        String springVariable = SPRING_VARIABLES.get(key);
        String fromSpringVariable = springVariable == null ? null : environment.get(springVariable);
        if (fromSpringVariable != null && !fromSpringVariable.isBlank()) {
            return fromSpringVariable;
        }
        String fromFile = fileValues.get(key);
        return fromFile != null ? fromFile : MODEL_DEFAULTS.get(key);
    }

    private static Map<String, String> modelDefaults() {
        RealtimeSettings realtime = RealtimeSettings.DEFAULTS;
        Map<String, String> defaults = new LinkedHashMap<>();
        // No "host": its default depends on whether the security section configures credentials (ServerSettings).
        defaults.put("port", String.valueOf(ServerSettings.DEFAULT_PORT));
        defaults.put("tls.reload-interval", text(TlsSettings.DEFAULT_RELOAD_INTERVAL));
        defaults.put("native.refresh-interval", text(ServerSettings.DEFAULT_NATIVE_REFRESH_INTERVAL));
        defaults.put("git.refresh-interval", text(ServerSettings.DEFAULT_GIT_REFRESH_INTERVAL));
        defaults.put("git.lease", text(ServerSettings.DEFAULT_GIT_LEASE));
        defaults.put("cache.max-entries", String.valueOf(ServerSettings.DEFAULT_CACHE_MAX_ENTRIES));
        defaults.put("shutdown-timeout", text(ServerSettings.DEFAULT_SHUTDOWN_TIMEOUT));
        defaults.put("http.header-timeout", text(ServerSettings.DEFAULT_HEADER_TIMEOUT));
        defaults.put("http.idle-timeout", text(ServerSettings.DEFAULT_IDLE_TIMEOUT));
        defaults.put("settings-poll-interval", text(ServerSettings.DEFAULT_SETTINGS_POLL_INTERVAL));
        defaults.put("discover-keys", String.valueOf(ServerSettings.DEFAULT_KEY_DISCOVERY));
        defaults.put("native-transport", String.valueOf(ServerSettings.DEFAULT_NATIVE_TRANSPORT));
        defaults.put("warm-up", String.valueOf(ServerSettings.DEFAULT_WARM_UP));
        defaults.put("client-address-header", TrustedProxies.X_FORWARDED_FOR);
        defaults.put("backplane.uri", ServerSettings.DEFAULT_BACKPLANE);
        defaults.put("backplane.stream", ServerSettings.DEFAULT_BACKPLANE_STREAM);
        defaults.put("ws.ping-interval", text(realtime.pingInterval()));
        defaults.put("ws.pong-timeout", text(realtime.pongTimeout()));
        defaults.put("ws.max-messages-per-second", String.valueOf(realtime.maxMessagesPerSecond()));
        defaults.put("ws.max-frame-bytes", String.valueOf(realtime.maxFrameBytes()));
        defaults.put("ws.history-depth", String.valueOf(realtime.historyDepth()));
        defaults.put("ws.max-patterns", String.valueOf(realtime.maxPatternsPerConnection()));
        defaults.put("ws.max-reconnect-delay", text(realtime.maxReconnectDelay()));
        defaults.put("ws.compression", String.valueOf(realtime.compression()));
        defaults.put("decrypt", String.valueOf(EncryptionSettings.NONE.decrypt()));
        defaults.put("encrypt.salt", EncryptionSettings.DEFAULT_SALT);
        return Map.copyOf(defaults);
    }

    /** A duration as {@link DurationConverter} reads it and as the help shows it: {@code 30s}, {@code 500ms}. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /**
     * The settings-file keys under {@code prefix} (a map such as {@code overrides}, or a list of maps such as
     * {@code composite}), with {@code prefix.} or {@code prefix} taken off ({@code uri} of {@code git.repos.a.uri}
     * is {@code a.uri}; of {@code composite[0].uri} it is {@code [0].uri}), in file order. Such sections have no
     * option and no environment variable.
     */
    Map<String, String> section(String prefix) {
        Map<String, String> section = new LinkedHashMap<>();
        fileValues.forEach((key, value) -> {
            if (key.startsWith(prefix + ".")) {
                section.put(key.substring(prefix.length() + 1), value);
            } else if (key.startsWith(prefix + "[")) {
                section.put(key.substring(prefix.length()), value);
            }
        });
        return section;
    }

    /**
     * Refuses settings-file keys that no option reads, so that a typo does not pass silently.
     *
     * @param knownKeys the options' settings keys
     * @param sections the prefixes of maps read with {@link #section(String)}, whose keys are free
     * @throws IllegalArgumentException naming the unknown keys and the file
     */
    void requireKnownKeys(Set<String> knownKeys, Set<String> sections) {
        Set<String> unknown = new TreeSet<>(fileValues.keySet());
        unknown.removeAll(knownKeys);
        unknown.removeIf(key ->
                sections.stream().anyMatch(section -> key.startsWith(section + ".") || key.startsWith(section + "[")));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting(s) " + unknown + " in " + file() + "; known settings: "
                    + new TreeSet<>(knownKeys));
        }
    }
}

package dev.vortex.server.cli;

import dev.vortex.core.ConfigFormatException;
import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import dev.vortex.server.ServerSettings;
import dev.vortex.server.crypto.EncryptionSettings;
import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.SecuritySettingsReader;
import java.io.IOException;
import java.nio.file.Files;
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
    private final Map<String, String> securityValues;
    private final Path file;

    private SettingsDefaults(
            Map<String, String> environment,
            Map<String, String> fileValues,
            Map<String, String> securityValues,
            Path file) {
        this.environment = environment;
        this.fileValues = fileValues;
        this.securityValues = securityValues;
        this.file = file;
    }

    /**
     * Reads the settings file named by {@code --config} in {@code args} or by {@code VORTEX_CONFIG}.
     *
     * @throws IllegalArgumentException if the file cannot be read or is not valid YAML, naming it
     */
    static SettingsDefaults load(String[] args, Map<String, String> environment) {
        String fileName = configFileName(args, environment);
        if (fileName == null) {
            return new SettingsDefaults(environment, Map.of(), Map.of(), null);
        }
        Path file = Path.of(fileName);
        try {
            List<ConfigDocument> documents = ConfigFormat.YAML.parse(file.toString(), Files.readAllBytes(file));
            Map<String, String> security = securitySection(documents);
            Map<String, String> values = joinLists(documents);
            values.keySet().removeIf(key -> key.startsWith(SecuritySettingsReader.PREFIX));
            return new SettingsDefaults(environment, values, security, file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read settings file " + file + ": " + e, e);
        } catch (ConfigFormatException e) {
            throw new IllegalArgumentException("invalid settings file: " + e.getMessage(), e);
        }
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
     * The {@code security} section as flattened properties, lists left indexed (patterns may hold commas);
     * later documents win.
     */
    private static Map<String, String> securitySection(List<ConfigDocument> documents) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigDocument document : documents) {
            document.properties().forEach((key, value) -> {
                if (key.startsWith(SecuritySettingsReader.PREFIX)) {
                    values.put(key, String.valueOf(value));
                }
            });
        }
        return values;
    }

    /**
     * The {@code security} section of the settings file.
     *
     * @throws IllegalArgumentException naming a bad key or value and the file
     */
    SecuritySettings security() {
        try {
            return SecuritySettingsReader.read(securityValues);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (in " + file + ")", e);
        }
    }

    /**
     * Turns {@code a[0]}, {@code a[1]} into one comma-separated {@code a} (the last index of a key, so that
     * {@code b[0].a[1]} joins into {@code b[0].a}); later documents win.
     */
    private static Map<String, String> joinLists(List<ConfigDocument> documents) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigDocument document : documents) {
            Map<String, String> lists = new LinkedHashMap<>();
            document.properties().forEach((key, value) -> {
                int bracket = key.lastIndexOf('[');
                if (bracket > 0 && key.endsWith("]")) {
                    lists.merge(key.substring(0, bracket), String.valueOf(value), (a, b) -> a + "," + b);
                } else {
                    values.put(key, String.valueOf(value));
                }
            });
            values.putAll(lists);
        }
        return values;
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
        defaults.put("native.refresh-interval", text(ServerSettings.DEFAULT_NATIVE_REFRESH_INTERVAL));
        defaults.put("git.refresh-interval", text(ServerSettings.DEFAULT_GIT_REFRESH_INTERVAL));
        defaults.put("git.lease", text(ServerSettings.DEFAULT_GIT_LEASE));
        defaults.put("cache.max-entries", String.valueOf(ServerSettings.DEFAULT_CACHE_MAX_ENTRIES));
        defaults.put("shutdown-timeout", text(ServerSettings.DEFAULT_SHUTDOWN_TIMEOUT));
        defaults.put("http.header-timeout", text(ServerSettings.DEFAULT_HEADER_TIMEOUT));
        defaults.put("http.idle-timeout", text(ServerSettings.DEFAULT_IDLE_TIMEOUT));
        defaults.put("discover-keys", String.valueOf(ServerSettings.DEFAULT_KEY_DISCOVERY));
        defaults.put("native-transport", String.valueOf(ServerSettings.DEFAULT_NATIVE_TRANSPORT));
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
            throw new IllegalArgumentException(
                    "unknown setting(s) " + unknown + " in " + file + "; known settings: " + new TreeSet<>(knownKeys));
        }
    }
}

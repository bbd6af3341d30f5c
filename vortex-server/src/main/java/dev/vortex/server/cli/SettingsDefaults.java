package dev.vortex.server.cli;

import dev.vortex.core.ConfigFormatException;
import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.SecuritySettingsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * variable and the YAML settings file; the option's own default applies when neither has one.
 *
 * <p>Each option's {@code descriptionKey} is its settings key: {@code git.default-label} is read from
 * {@code VORTEX_GIT_DEFAULT_LABEL} and from {@code git: {default-label: ...}} in the file. Lists
 * ({@code native.locations}) are comma-separated in the environment and YAML lists in the file.
 */
final class SettingsDefaults implements IDefaultValueProvider {
    static final String CONFIG_OPTION = "--config";
    static final String CONFIG_VARIABLE = "VORTEX_CONFIG";

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

    /** Turns {@code a[0]}, {@code a[1]} into one comma-separated {@code a}; later documents win. */
    private static Map<String, String> joinLists(List<ConfigDocument> documents) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigDocument document : documents) {
            Map<String, String> lists = new LinkedHashMap<>();
            document.properties().forEach((key, value) -> {
                int bracket = key.indexOf('[');
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
        return fileValues.get(key);
    }

    /**
     * Refuses settings-file keys that no option reads, so that a typo does not pass silently.
     *
     * @param knownKeys the options' settings keys
     * @throws IllegalArgumentException naming the unknown keys and the file
     */
    void requireKnownKeys(Set<String> knownKeys) {
        Set<String> unknown = new TreeSet<>(fileValues.keySet());
        unknown.removeAll(knownKeys);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown setting(s) " + unknown + " in " + file + "; known settings: " + new TreeSet<>(knownKeys));
        }
    }
}

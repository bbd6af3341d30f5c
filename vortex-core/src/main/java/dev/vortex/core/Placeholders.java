package dev.vortex.core;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${...}} placeholders with the semantics of Spring's placeholder parser, as Spring Cloud
 * Config applies them when it renders {@code .yml}, {@code .properties} and {@code .json} endpoints.
 *
 * <ul>
 *   <li>{@code ${key}} is replaced by the looked-up value ({@link String#valueOf} for non-strings);
 *   <li>{@code ${key:default}} uses the default when the key is absent; the default may itself contain
 *       placeholders and is only resolved when it is used; the first {@code :} outside nested placeholders
 *       separates it;
 *   <li>keys may be built from placeholders: {@code ${a.${b}}};
 *   <li>resolved values are resolved again, so {@code a=${b}}, {@code b=x} gives {@code x};
 *   <li>a placeholder that cannot be resolved and has no default is left as written, as Spring Cloud Config
 *       does ({@code ignoreUnresolvablePlaceholders});
 *   <li>a key whose resolution needs itself is an error;
 *   <li>an escaped placeholder, one or two backslashes before {@code ${}, is not resolved and loses its
 *       backslashes: <code>&#92;${x}</code> gives {@code ${x}}, as Spring Cloud Config Server renders it (it masks
 *       <code>&#92;&#92;?&#92;$&#92;{</code> before resolving and unmasks after, in the text and in every looked-up
 *       value).
 * </ul>
 */
public final class Placeholders {

    private static final String PREFIX = "${";
    private static final char SUFFIX = '}';
    private static final char SEPARATOR = ':';
    // What Spring Cloud Config's EnvironmentPropertySource masks: "\${" from text, "\\${" from JSON.
    private static final Pattern ESCAPED = Pattern.compile("\\\\{1,2}\\$\\{");
    private static final String MASK = "$_{";

    private final Function<String, Object> lookup;
    // Keys being resolved on the current path, to detect a => ${b} => ${a}.
    private final Set<String> resolving = new HashSet<>();

    private Placeholders(Function<String, Object> lookup) {
        this.lookup = lookup;
    }

    /**
     * @param text the text to resolve
     * @param lookup returns the value of a key, or {@code null} if it has none
     * @return the text with every resolvable placeholder replaced
     * @throws IllegalArgumentException on a circular reference, naming the key
     */
    public static String resolve(String text, Function<String, Object> lookup) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(lookup, "lookup");
        Function<String, Object> maskedLookup = key -> {
            Object value = lookup.apply(key);
            return value == null ? null : mask(String.valueOf(value));
        };
        return unmask(new Placeholders(maskedLookup).resolveText(mask(text)));
    }

    private static String mask(String text) {
        return text.indexOf('\\') < 0 ? text : ESCAPED.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }

    private static String unmask(String text) {
        return text.replace(MASK, PREFIX);
    }

    /**
     * Resolves every string value of a flat map with {@code lookup}; other values are kept. Spring Cloud Config
     * Server resolves its renderings against the property sources key by key ({@code Environment::property}), not
     * against the rendered map, whose lists come whole from one source.
     *
     * @param properties flat properties
     * @param lookup returns the value of a key, or {@code null} if it has none
     * @return a new map in the same order, with resolved string values
     * @throws IllegalArgumentException on a circular reference, naming the key
     */
    public static Map<String, Object> resolveAll(Map<String, ?> properties, Function<String, Object> lookup) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        properties.forEach(
                (key, value) -> resolved.put(key, value instanceof String text ? resolve(text, lookup) : value));
        return resolved;
    }

    private String resolveText(String text) {
        int start = text.indexOf(PREFIX);
        if (start < 0) {
            return text;
        }
        StringBuilder result = new StringBuilder(text);
        while (start >= 0) {
            int end = findEnd(result, start + PREFIX.length());
            if (end < 0) {
                break;
            }
            String placeholder = result.substring(start + PREFIX.length(), end);
            String value = resolvePlaceholder(placeholder);
            if (value == null) {
                // Unresolvable: keep it as written and look for the next one after it.
                start = result.indexOf(PREFIX, end + 1);
            } else {
                result.replace(start, end + 1, value);
                start = result.indexOf(PREFIX, start + value.length());
            }
        }
        return result.toString();
    }

    /** The value of {@code key} or {@code key:default}, fully resolved, or {@code null} if there is none. */
    private String resolvePlaceholder(String placeholder) {
        int separator = findSeparator(placeholder);
        String key = resolveText(separator < 0 ? placeholder : placeholder.substring(0, separator));
        if (!resolving.add(key)) {
            throw new IllegalArgumentException("Circular placeholder reference '" + key + "'");
        }
        try {
            Object value = lookup.apply(key);
            if (value != null) {
                return resolveText(String.valueOf(value));
            }
        } finally {
            resolving.remove(key);
        }
        return separator < 0 ? null : resolveText(placeholder.substring(separator + 1));
    }

    // The '}' closing the placeholder opened before 'from', skipping nested '{...}' as Spring does.
    private static int findEnd(CharSequence text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == SUFFIX) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    private static int findSeparator(String placeholder) {
        int depth = 0;
        for (int i = 0; i < placeholder.length(); i++) {
            char c = placeholder.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == SUFFIX) {
                depth--;
            } else if (c == SEPARATOR && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}

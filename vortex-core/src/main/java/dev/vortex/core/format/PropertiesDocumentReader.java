package dev.vortex.core.format;

import dev.vortex.core.ConfigFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code .properties} files with {@link Properties} semantics (escapes, continuation lines, {@code =},
 * {@code :} or whitespace separators), keeping the file order of the keys.
 *
 * <p>The bytes are ISO-8859-1, as Spring Boot's {@code OriginTrackedPropertiesLoader} (and {@link
 * Properties#load(java.io.InputStream)}) reads them: other characters must be written as <code>&#92;uXXXX</code>
 * escapes. A file saved as UTF-8 thus gives the same mojibake as in Spring Cloud Config Server, byte order
 * mark included, so that a service sees the same values from either server.
 *
 * <p>As in Spring Boot 2.4+, a line that is exactly {@code #---} or {@code !---} starts a new document. Such
 * a line only separates documents where a new logical line starts: inside a continued value it is text, as
 * {@link Properties} reads it. Every section counts as a document, empty ones included, so indexes match the
 * position in the file.
 */
final class PropertiesDocumentReader implements DocumentReader {

    // Keeps the terminators so that each section is handed to Properties exactly as written.
    private static final Pattern LINE = Pattern.compile("([^\r\n]*)(\r\n|\r|\n|$)");

    @Override
    public List<Map<String, Object>> read(String fileName, byte[] content) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String section : splitDocuments(new String(content, StandardCharsets.ISO_8859_1))) {
            documents.add(load(fileName, documents.size(), section));
        }
        return documents;
    }

    static List<String> splitDocuments(String text) {
        List<String> sections = new ArrayList<>();
        StringBuilder section = new StringBuilder();
        boolean continued = false;
        Matcher matcher = LINE.matcher(text);
        while (matcher.find()) {
            String line = matcher.group(1);
            if (!continued && (line.equals("#---") || line.equals("!---"))) {
                sections.add(section.toString());
                section.setLength(0);
            } else {
                section.append(matcher.group());
                continued = continuesOnNextLine(line, continued);
            }
            if (matcher.group(2).isEmpty()) {
                break;
            }
        }
        sections.add(section.toString());
        return sections;
    }

    // Mirrors Properties' LineReader: comments never continue, a continuation line is never a comment,
    // and an odd number of trailing backslashes continues the logical line.
    private static boolean continuesOnNextLine(String line, boolean continued) {
        String stripped = line.stripLeading();
        if (!continued && (stripped.isEmpty() || stripped.charAt(0) == '#' || stripped.charAt(0) == '!')) {
            return false;
        }
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static Map<String, Object> load(String fileName, int index, String section) {
        OrderedProperties properties = new OrderedProperties();
        try {
            properties.load(new StringReader(section));
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException is how Properties reports a malformed \\uXXXX escape.
            throw new ConfigFormatException(
                    "Invalid properties in " + fileName + " (document #" + index + "): " + e.getMessage(), e);
        }
        return properties.ordered;
    }

    /** Records keys in the order {@link Properties#load} meets them; a repeated key keeps its first place. */
    private static final class OrderedProperties extends Properties {
        private static final long serialVersionUID = 1L;

        private final LinkedHashMap<String, Object> ordered = new LinkedHashMap<>();

        @Override
        public synchronized Object put(Object key, Object value) {
            ordered.put((String) key, value);
            return super.put(key, value);
        }
    }
}

package dev.vortex.core.format;

import dev.vortex.core.ConfigFormatException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.UnicodeReader;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML the way Spring Boot's {@code OriginTrackedYamlLoader} does: all {@code ---} documents, the safe
 * constructor, YAML 1.1 typing ({@code yes} is a boolean, {@code 0x1F} an integer) except timestamps, which
 * stay strings, and duplicate keys rejected.
 *
 * <p>As Spring's {@code YamlProcessor} does, a document whose root is not a map (a scalar, a list) becomes the
 * property {@code document} ({@code document[0]}, {@code document[1]}, ... for a list), which is what Spring
 * Cloud Config Server serves for it. Unlike {@code YamlProcessor}, an empty document is kept (as an empty map)
 * so that document indexes always count every {@code ---} section.
 */
final class YamlDocumentReader implements DocumentReader {
    /** The property that holds a document whose root is not a map, as in Spring's {@code YamlProcessor}. */
    static final String NOT_A_MAP = "document";

    /**
     * One parser per thread, reused: building a {@code Yaml} (its constructor's and resolver's tables) cost as
     * much as parsing a small file, and a fleet restart parses thousands. SnakeYAML instances are not thread-safe
     * but may be reused by one thread; each {@code loadAll} starts a new composer, and the constructor clears
     * what it built after every document. After a failure the thread's instance is replaced, so that no
     * half-read state can leak into the next file.
     */
    private static final ThreadLocal<Yaml> PARSERS = ThreadLocal.withInitial(YamlDocumentReader::createYaml);

    @Override
    public List<Map<String, Object>> read(String fileName, byte[] content) {
        List<Map<String, Object>> documents = new ArrayList<>();
        boolean completed = false;
        try (UnicodeReader reader = new UnicodeReader(new ByteArrayInputStream(content))) {
            for (Object document : PARSERS.get().loadAll(reader)) {
                documents.add(toProperties(fileName, documents.size(), document));
            }
            completed = true;
        } catch (MarkedYAMLException e) {
            throw new ConfigFormatException("Invalid YAML in " + fileName + positionOf(e) + ": " + describe(e), e);
        } catch (YAMLException e) {
            throw new ConfigFormatException("Invalid YAML in " + fileName + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            // Cannot happen on a byte array, but UnicodeReader declares it.
            throw new ConfigFormatException("Cannot read " + fileName + ": " + e.getMessage(), e);
        } finally {
            if (!completed) {
                PARSERS.remove();
            }
        }
        return documents;
    }

    private static Map<String, Object> toProperties(String fileName, int index, Object document) {
        if (document == null) {
            return Map.of();
        }
        Map<?, ?> map = document instanceof Map<?, ?> properties ? properties : Map.of(NOT_A_MAP, document);
        try {
            return PropertyFlattener.flatten(map);
        } catch (IllegalArgumentException e) {
            throw new ConfigFormatException(
                    "Invalid YAML in " + fileName + ": document #" + index + " has a " + e.getMessage(), e);
        }
    }

    private static Yaml createYaml() {
        LoaderOptions loaderOptions = new LoaderOptions();
        loaderOptions.setAllowDuplicateKeys(false);
        // Spring Boot allows any number of aliases; config repositories are trusted content.
        loaderOptions.setMaxAliasesForCollections(Integer.MAX_VALUE);
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(
                new SafeConstructor(loaderOptions),
                new Representer(dumperOptions),
                dumperOptions,
                loaderOptions,
                new NoTimestampResolver());
    }

    private static String positionOf(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        if (mark == null) {
            return "";
        }
        return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String describe(MarkedYAMLException e) {
        String context = e.getContext();
        String problem = e.getProblem();
        if (context != null && problem != null) {
            return context + "; " + problem;
        }
        return problem != null ? problem : String.valueOf(context);
    }

    /** Spring Boot removes the timestamp resolver so that dates stay the strings the user wrote. */
    private static final class NoTimestampResolver extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}

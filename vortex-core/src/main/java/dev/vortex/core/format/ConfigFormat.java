package dev.vortex.core.format;

import dev.vortex.core.ConfigFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The configuration file formats Vortex reads, declared in precedence order: when one location holds the
 * same file name in several formats, the earlier constant wins ({@code .properties} over {@code .yml} over
 * {@code .yaml}), as Spring Boot does.
 *
 * <p>These are exactly the formats of Spring Boot's config data loaders, which Spring Cloud Config uses: a
 * {@code .json} file in a repository is not configuration there, so it is not here either (it can still be
 * served as a plain file).
 */
public enum ConfigFormat {
    /** Java properties (ISO-8859-1, as Spring Boot reads them), with {@code #---} document separators. */
    PROPERTIES("properties"),
    /** YAML, multi-document. */
    YML("yml"),
    /** YAML, multi-document. */
    YAML("yaml");

    private final String extension;

    ConfigFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension without the dot. */
    public String extension() {
        return extension;
    }

    /**
     * Finds the format of a file by its extension.
     *
     * @param fileName a file name or path
     * @return the format, or empty if the extension is not a configuration format
     */
    public static Optional<ConfigFormat> forFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (ConfigFormat format : values()) {
            if (format.extension.equals(extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a file of this format into its documents.
     *
     * @param fileName the name used in error messages
     * @param content the raw file content
     * @return the documents in file order; a single-document format returns one document
     * @throws ConfigFormatException if the content is not valid for this format, naming the file and the
     *     position where known
     */
    public List<ConfigDocument> parse(String fileName, byte[] content) {
        return ConfigFileParsers.parse(this, fileName, content);
    }
}

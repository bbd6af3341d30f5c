package dev.vortex.sources;

/**
 * A plain file read from a source.
 *
 * @param name the source name in Spring's style (e.g. {@code file:/srv/config/nginx.conf})
 * @param content the raw bytes
 */
public record SourceFile(String name, byte[] content) {}

package dev.vortex.core;

import java.util.Map;
import java.util.Objects;

/**
 * One named set of flat properties, as Spring Cloud Config reports it: the content of one file (or one
 * document of a multi-document file).
 *
 * <p>Keys are flat Spring property names ({@code server.port}, {@code list[0]}); values keep the type the
 * file gave them (YAML and JSON numbers and booleans stay numbers and booleans, {@code .properties} values
 * are strings). Iteration order is the order of the file.
 *
 * @param name the source name in Spring's style, e.g. {@code file:/srv/config/myapp-prod.yml}
 * @param source the flat properties, unmodifiable, in file order
 */
public record PropertySource(String name, Map<String, Object> source) {

    /**
     * Copies {@code source} so that later changes to the caller's map cannot leak in (an {@link OrderedProperties},
     * which nothing can change, is kept as it is).
     */
    public PropertySource {
        Objects.requireNonNull(name, "name");
        source = OrderedProperties.copyOf(Objects.requireNonNull(source, "source"));
    }
}

package dev.vortex.sources;

import dev.vortex.core.PropertySource;
import dev.vortex.core.format.ConfigDocument;
import dev.vortex.core.format.ConfigFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Builds the property sources of a request from a list of search locations, highest precedence first, with
 * the precedence of Spring Cloud Config (Spring Boot config data).
 *
 * <p>For {@code /myapp/a,b} over locations {@code L1,L2} the order is:
 *
 * <ol>
 *   <li>Profile-specific files: for each profile, last first; for each location, last first; for each name,
 *       last first ({@code myapp-b.*} before {@code application-b.*}).
 *   <li>Documents of profile-less files that carry a profile condition ({@code
 *       spring.config.activate.on-profile} or legacy {@code spring.profiles}) and are active: like Spring Boot,
 *       a document activated by a profile is profile-specific and ranks above every unconditional
 *       profile-less document. Among themselves they keep the order of their files (location last first, then
 *       name last first, then later document first); they stay below the profile-specific files.
 *   <li>Unconditional documents of profile-less files: per location last first, {@code myapp.*} before
 *       {@code application.*}.
 * </ol>
 *
 * <p>Within one name the formats rank in {@link ConfigFormat} order ({@code .properties} over {@code .yml}
 * over {@code .yaml} over {@code .json}). Within one file, later documents win, so they come first; only
 * documents active for the requested profiles and not empty are kept. A file with more than one document names each of
 * its sources {@code <name> (document #N)}, N being the document's index in the file, as Spring does.
 *
 * <p>Stateless; safe for concurrent use as long as the trees are.
 */
final class EnvironmentAssembler {

    private EnvironmentAssembler() {}

    /**
     * Reads and orders the property sources of {@code request}.
     *
     * @param locations the search locations in configuration order (later locations win)
     * @throws dev.vortex.core.ConfigFormatException if a file cannot be parsed, naming it
     */
    static List<PropertySource> propertySources(ConfigRequest request, List<? extends ConfigFileTree> locations) {
        List<PropertySource> profileSpecific = new ArrayList<>();
        List<PropertySource> profileActivated = new ArrayList<>();
        List<PropertySource> unconditional = new ArrayList<>();
        List<String> profiles = request.profiles();

        for (String profile : reversed(profiles)) {
            for (ConfigFileTree location : reversed(locations)) {
                for (String name : reversed(request.names())) {
                    for (ParsedFile file : read(location, name + "-" + profile, profiles)) {
                        profileSpecific.addAll(file.sources(document -> true));
                    }
                }
            }
        }
        for (ConfigFileTree location : reversed(locations)) {
            for (String name : reversed(request.names())) {
                for (ParsedFile file : read(location, name, profiles)) {
                    profileActivated.addAll(
                            file.sources(document -> document.profileCondition().isPresent()));
                    unconditional.addAll(
                            file.sources(document -> document.profileCondition().isEmpty()));
                }
            }
        }

        List<PropertySource> all = new ArrayList<>(profileSpecific);
        all.addAll(profileActivated);
        all.addAll(unconditional);
        return all;
    }

    /** The files of one base name in one location, in format precedence order. */
    private static List<ParsedFile> read(ConfigFileTree location, String baseName, List<String> profiles) {
        List<ParsedFile> files = new ArrayList<>();
        for (ConfigFormat format : ConfigFormat.values()) {
            RelativePath path = new RelativePath(baseName + "." + format.extension());
            Optional<List<ConfigDocument>> documents = location.readDocuments(path, format);
            if (documents.isPresent()) {
                files.add(new ParsedFile(location.sourceName(path), documents.get(), profiles));
            }
        }
        return files;
    }

    /** One parsed file and the profiles of the request it serves. */
    private record ParsedFile(String sourceName, List<ConfigDocument> documents, List<String> profiles) {

        /** The active documents that pass {@code filter}, later documents first, named as Spring names them. */
        List<PropertySource> sources(Predicate<ConfigDocument> filter) {
            List<PropertySource> sources = new ArrayList<>();
            for (ConfigDocument document : reversed(documents)) {
                // An empty document (an empty file, a bare `---`) gives no source, as in Spring Boot.
                if (!document.properties().isEmpty() && document.isActiveFor(profiles) && filter.test(document)) {
                    String name =
                            documents.size() > 1 ? sourceName + " (document #" + document.index() + ")" : sourceName;
                    sources.add(new PropertySource(name, document.properties()));
                }
            }
            return sources;
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}

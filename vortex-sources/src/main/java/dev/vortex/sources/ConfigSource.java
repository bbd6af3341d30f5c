package dev.vortex.sources;

import dev.vortex.core.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A backend that holds configuration files: a set of native directories, a Git repository, and so on.
 *
 * <p>Every method may block on file or network I/O: callers run them on worker threads, never on an event
 * loop. Implementations are safe for concurrent use by many threads and never serialise reads behind one
 * global lock.
 */
public interface ConfigSource extends AutoCloseable {

    /**
     * Resolves the environment of an application.
     *
     * @param application the application name (one name, or a comma list as Spring Cloud Config allows)
     * @param profiles the comma-separated profile list; later profiles win
     * @param label the label (branch, tag, commit) with {@code (_)} already turned into {@code /}, or
     *     {@code null} for the default label
     * @return the environment, sources highest precedence first; an application without files gets the
     *     shared {@code application.*} files only, or no sources at all
     * @throws NoSuchLabelException if the backend has labels and {@code label} names none of them
     * @throws ConfigSourceException if the backend cannot be read
     */
    Environment find(String application, String profiles, String label);

    /**
     * Finds a plain-text file, trying profile-specific variants first ({@code name-profile.ext}, last
     * profile first) and then {@code path} itself.
     *
     * @param path a relative path with {@code /} separators, already checked for traversal by the caller;
     *     implementations check again that nothing outside the source can be read
     * @return the file, or empty if there is none
     * @throws NoSuchLabelException if {@code label} names no label
     */
    Optional<SourceFile> findFile(String application, String profiles, String label, String path);

    /**
     * The names of the configuration files at the top of every search location for {@code label}
     * ({@code orders-prod.yml}, {@code application.properties}, ...), from which the server discovers the
     * applications and profiles it serves.
     *
     * @param label the label, or {@code null} for the default
     * @throws NoSuchLabelException if {@code label} names no label
     */
    Set<String> configFileNames(String label);

    /**
     * The label used when a request names none.
     *
     * @return the default label, or {@code null} if this backend has no labels
     */
    String defaultLabel();

    /** A one-line description for logs and the start banner, e.g. {@code git https://host/repo.git}. */
    String description();

    /** The current health of this backend. */
    SourceHealth health();

    /**
     * Brings the source up to date with its origin (for Git: one fetch). Called on a schedule by the server,
     * never per request.
     *
     * @return the labels whose content changed and, when the source knows them exactly, the files that changed
     *     (so that the server re-resolves only the configs that can read one of them); {@link SourceChange#none()}
     *     when nothing did. A source that cannot tell which files changed reports labels, or {@link
     *     SourceChange#all()}: never fewer files than really changed.
     */
    SourceChange refresh();

    /**
     * The version an environment of {@code label} carries now ({@link Environment#version()}: for Git the commit
     * id the label points to), found without resolving any config: after a change, a config that no changed file
     * is part of keeps its content and only takes the new version.
     *
     * @param label the label, or {@code null} for the default label
     * @return the version, or {@code null} for a source whose environments carry none (the default)
     * @throws NoSuchLabelException if the label does not exist (any more)
     */
    default String versionOf(String label) {
        return null;
    }

    /**
     * Local directories whose edits should trigger a {@link #refresh()} as soon as they happen (the server
     * watches them); empty for a source that has none, which is then only refreshed on its schedule.
     */
    default List<Path> watchedDirectories() {
        return List.of();
    }

    /** Releases files and connections. */
    @Override
    void close();
}

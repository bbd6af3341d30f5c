package dev.vortex.sources;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a refresh changed: every label or some labels, and, where the source knows them exactly, the files.
 *
 * <p>A change without known files means that anything under the labels it names may have changed, file names
 * included: it affects every config of those labels. A change with known files affects only the configs that
 * could read one of them (see {@link ChangedFiles#mayAffect(String, String)}).
 *
 * <p>A change of several sources answering together ({@link #combined}) affects what any of theirs affects, each
 * source's default label standing for the requests that name none.
 *
 * <p>Immutable.
 */
public final class SourceChange {
    private static final SourceChange NONE = new SourceChange(false, Set.of(), null, Map.of(), Map.of());
    private static final SourceChange ALL = new SourceChange(true, Set.of(), null, Map.of(), Map.of());

    /**
     * One source's change within a {@link #combined} one.
     *
     * @param change what the source reported
     * @param defaultLabel the label the source applies to a request that names none ({@code null} for a source
     *     without labels)
     */
    public record Part(SourceChange change, String defaultLabel) {
        /** Checks the change is there. */
        public Part {
            Objects.requireNonNull(change, "change");
        }

        boolean affects(String label) {
            String own = own(label);
            return change.everything() || (own != null && change.affects(own));
        }

        boolean affects(String application, String profiles, String label) {
            return affects(label) && change.affects(application, profiles, own(label));
        }

        /** The label as this source takes it: its default for a request that names none. */
        private String own(String label) {
            return label != null ? label : defaultLabel;
        }
    }

    private final boolean everything;
    private final Set<String> labels;
    /** The files changed under every label, when {@code everything} and known; else {@code null}. */
    private final ChangedFiles everyLabelFiles;
    /** The files changed per label, for the labels whose files are known. */
    private final Map<String, ChangedFiles> labelFiles;
    /** Other spellings of changed labels ({@code HEAD}, {@code refs/heads/main}), each to the label it names. */
    private final Map<String, String> spellings;
    /** For a {@link #combined} change, the sources' changes (none empty); empty otherwise. */
    private final List<Part> parts;

    private SourceChange(
            boolean everything,
            Set<String> labels,
            ChangedFiles everyLabelFiles,
            Map<String, ChangedFiles> labelFiles,
            Map<String, String> spellings) {
        this(everything, labels, everyLabelFiles, labelFiles, spellings, List.of());
    }

    private SourceChange(
            boolean everything,
            Set<String> labels,
            ChangedFiles everyLabelFiles,
            Map<String, ChangedFiles> labelFiles,
            Map<String, String> spellings,
            List<Part> parts) {
        this.everything = everything;
        this.labels = Set.copyOf(labels);
        this.everyLabelFiles = everyLabelFiles;
        this.labelFiles = Map.copyOf(labelFiles);
        this.spellings = Map.copyOf(spellings);
        this.parts = List.copyOf(parts);
    }

    /** Nothing changed. */
    public static SourceChange none() {
        return NONE;
    }

    /** Every label may have changed, any file of it. */
    public static SourceChange all() {
        return ALL;
    }

    /** These labels changed, any file of them. */
    public static SourceChange of(Set<String> labels) {
        return labels.isEmpty() ? NONE : new SourceChange(false, labels, null, Map.of(), Map.of());
    }

    /**
     * These files changed, whatever the label (a source whose labels are folders of the same files, such as the
     * native one).
     *
     * @param files the changed files; none means nothing changed
     */
    public static SourceChange inEveryLabel(ChangedFiles files) {
        return files.isEmpty() ? NONE : new SourceChange(true, Set.of(), files, Map.of(), Map.of());
    }

    /**
     * These labels changed; for some of them the changed files are known.
     *
     * @param labels every changed label
     * @param files the changed files of those labels whose files are known; a label given here and not in {@code
     *     labels} is ignored. A known label with no changed file (a commit that changed nothing) affects nothing.
     */
    public static SourceChange of(Set<String> labels, Map<String, ChangedFiles> files) {
        Map<String, ChangedFiles> known = new TreeMap<>(files);
        known.keySet().retainAll(labels);
        return labels.isEmpty() ? NONE : new SourceChange(false, labels, null, known, Map.of());
    }

    /**
     * The changes of several sources answering together (a composite source): a config is affected when one of
     * theirs is, a request without a label meaning each source's default label.
     *
     * @param parts each source's change, with its default label; empty changes are left out
     * @return the combined change; {@link #none()} when every part is empty
     */
    public static SourceChange combined(List<Part> parts) {
        List<Part> changed =
                parts.stream().filter(part -> !part.change().isEmpty()).toList();
        return changed.isEmpty() ? NONE : new SourceChange(false, Set.of(), null, Map.of(), Map.of(), changed);
    }

    /**
     * This change, also under other spellings of its labels: a request may name a label otherwise than the source
     * reports it (Git: {@code HEAD} for the default branch, {@code refs/heads/main} for {@code main}), and whatever
     * is keyed by the label as requested must be reached too. A spelling affects what its label affects, with the
     * same files.
     *
     * @param spellings each other spelling to the label of {@link #labels()} it names; those naming no changed
     *     label are ignored, as are spellings that are labels themselves
     */
    public SourceChange alsoSpelled(Map<String, String> spellings) {
        if (!parts.isEmpty()) {
            return this;
        }
        Map<String, String> known = new TreeMap<>(spellings);
        known.values().retainAll(labels);
        known.keySet().removeAll(labels);
        return known.isEmpty() ? this : new SourceChange(everything, labels, everyLabelFiles, labelFiles, known);
    }

    /** Whether every label may have changed (then {@link #labels()} is empty). */
    public boolean everything() {
        return everything || parts.stream().anyMatch(part -> part.change().everything());
    }

    /**
     * The labels whose content changed (branch or tag names), as the source names them; empty for everything and
     * for a {@link #combined} change (see its parts). See {@link #affects(String)} for the other spellings of them.
     */
    public Set<String> labels() {
        return labels;
    }

    /**
     * The changed files of {@code label}, when the source knows them exactly.
     *
     * @return the files, or empty when the label did not change or any of its files may have changed (always for a
     *     {@link #combined} change, whose parts may name the label differently)
     */
    public Optional<ChangedFiles> files(String label) {
        if (!parts.isEmpty()) {
            return Optional.empty();
        }
        if (everything) {
            return Optional.ofNullable(everyLabelFiles);
        }
        return Optional.ofNullable(labelFiles.get(spellings.getOrDefault(label, label)));
    }

    /**
     * Whether this change touches {@code label} ({@code null} is the default label, resolved by the caller), named
     * as the source names it or in one of its {@link #alsoSpelled other spellings}.
     */
    public boolean affects(String label) {
        if (!parts.isEmpty()) {
            return parts.stream().anyMatch(part -> part.affects(label));
        }
        return everything || labels.contains(label) || spellings.containsKey(label);
    }

    /**
     * Whether this change may change the config of {@code application} with {@code profiles} at {@code label}: the
     * label changed, and either its changed files are unknown or one of them could be read for that request (see
     * {@link ChangedFiles#mayAffect(String, String)}).
     *
     * @param application one application or a comma list, as requested
     * @param profiles the comma list of profiles, as requested
     * @param label the label with the default applied ({@code null} for a source without labels)
     */
    public boolean affects(String application, String profiles, String label) {
        if (!parts.isEmpty()) {
            return parts.stream().anyMatch(part -> part.affects(application, profiles, label));
        }
        if (!affects(label)) {
            return false;
        }
        Optional<ChangedFiles> files = files(label);
        return files.isEmpty() || files.get().mayAffect(application, profiles);
    }

    /**
     * Whether a file may have been created or deleted: false only when every changed label's files are known and
     * were only modified, so that the list of files, and thus what key discovery finds, is the same as before.
     */
    public boolean mayHaveChangedFileNames() {
        if (isEmpty()) {
            return false;
        }
        if (!parts.isEmpty()) {
            return parts.stream().anyMatch(part -> part.change().mayHaveChangedFileNames());
        }
        if (everything) {
            return everyLabelFiles == null || everyLabelFiles.namesChanged();
        }
        for (String label : labels) {
            ChangedFiles files = labelFiles.get(label);
            if (files == null || files.namesChanged()) {
                return true;
            }
        }
        return false;
    }

    /** Whether anything changed at all. */
    public boolean isEmpty() {
        return !everything && labels.isEmpty() && parts.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceChange that
                && everything == that.everything
                && labels.equals(that.labels)
                && Objects.equals(everyLabelFiles, that.everyLabelFiles)
                && labelFiles.equals(that.labelFiles)
                && spellings.equals(that.spellings)
                && parts.equals(that.parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(everything, labels, everyLabelFiles, labelFiles, spellings, parts);
    }

    /** For logs: which labels, and which files where known ({@code all labels, files [orders-prod.yml]}). */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "nothing";
        }
        if (!parts.isEmpty()) {
            return parts.stream().map(part -> part.change().toString()).toList().toString();
        }
        if (everything) {
            return "all labels" + (everyLabelFiles == null ? "" : ", files " + listed(everyLabelFiles));
        }
        StringBuilder text = new StringBuilder("labels ");
        String separator = "";
        for (String label : new TreeSet<>(labels)) {
            ChangedFiles files = labelFiles.get(label);
            text.append(separator).append(label).append(files == null ? "" : " (files " + listed(files) + ")");
            separator = ", ";
        }
        return text.toString();
    }

    /** The first few paths in name order: a log line, not an inventory. */
    private static String listed(ChangedFiles files) {
        int shown = 10;
        Set<String> sorted = new TreeSet<>(files.paths());
        if (sorted.size() <= shown) {
            return sorted.toString();
        }
        return sorted.stream().limit(shown).toList() + " and " + (sorted.size() - shown) + " more";
    }
}

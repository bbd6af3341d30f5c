package dev.vortex.sources;

import dev.vortex.core.Sha256;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configured repository of a {@link MultiRepositoryGitSource}: its routing patterns, as Spring Cloud
 * Config's {@code PatternMatchingJGitEnvironmentRepository} reads them, and its clones: one when the URI is
 * fixed (cloned at start), or one per resolved URI when it holds placeholders (cloned on first use, as SCC
 * does).
 *
 * <p>Thread-safe: the clones of a template live in a concurrent map, and two requests that need the same new
 * clone make it once.
 */
final class GitRepositorySlot implements AutoCloseable {
    private static final String DEFAULT_LABEL = "main";

    private final GitRepositorySettings settings;
    private final List<Pattern> patterns;
    private final Function<GitRepositorySettings, GitConfigSource> opener;
    private final GitConfigSource fixed;
    private final Map<String, GitConfigSource> clones = new ConcurrentHashMap<>();

    /**
     * @param opener clones (or reuses) one repository; blocks on the network
     * @throws IllegalArgumentException if the URI has a placeholder in its host, naming it
     */
    GitRepositorySlot(GitRepositorySettings settings, Function<GitRepositorySettings, GitConfigSource> opener) {
        this.settings = settings;
        this.opener = opener;
        this.patterns = compile(settings);
        requireNoPlaceholderInHost(settings.uri());
        this.fixed = settings.isTemplate() ? null : opener.apply(settings);
    }

    String name() {
        return settings.name();
    }

    /**
     * Whether a request may be served here: some profile (last first) makes {@code application/profile} match
     * a pattern. Never true for a repository without patterns (the default one).
     */
    boolean matches(String application, List<String> profiles) {
        for (int i = profiles.size() - 1; i >= 0; i--) {
            if (matchesAny(application + "/" + profiles.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * SCC's second check, before it reads a matched repository: the whole profile list as requested ({@code
     * app/dev,prod}) must match a pattern too, else the request moves on to the next repository.
     */
    boolean acceptsProfileList(String application, String profiles) {
        return matchesAny(application + "/" + profiles);
    }

    /**
     * The clone for one request: the fixed one, or the one of the URI with the placeholders replaced
     * ({@code {label}} by the default label when the request names none).
     *
     * @throws NoSuchRepositoryException if that URI cannot be cloned
     */
    GitConfigSource source(String application, String profile, String label) {
        if (fixed != null) {
            return fixed;
        }
        String uri = settings.uri();
        if (uri.contains("{label}") && label == null) {
            label = settings.defaultLabel() == null ? DEFAULT_LABEL : settings.defaultLabel();
        }
        uri = replace(uri, "{application}", application);
        uri = replace(uri, "{profile}", profile);
        uri = replace(uri, "{label}", label);
        String resolved = uri;
        return clones.computeIfAbsent(resolved, this::open);
    }

    /** Every clone made so far. */
    List<GitConfigSource> clones() {
        List<GitConfigSource> all = new ArrayList<>(clones.values());
        if (fixed != null) {
            all.add(0, fixed);
        }
        return all;
    }

    /** The clone that serves every request, or {@code null} when the URI has placeholders. */
    GitConfigSource fixed() {
        return fixed;
    }

    private GitConfigSource open(String uri) {
        Path basedir = settings.basedir() == null ? null : settings.basedir().resolve(directoryName(uri));
        boolean existed = basedir != null && Files.exists(basedir);
        try {
            return opener.apply(new GitRepositorySettings(
                    settings.name(),
                    settings.patterns(),
                    uri,
                    settings.searchPaths(),
                    settings.defaultLabel(),
                    settings.username(),
                    settings.password(),
                    basedir));
        } catch (ConfigSourceException e) {
            // Requests for names without a repository must not leave a directory each behind.
            if (basedir != null && !existed) {
                GitConfigSource.deleteRecursively(basedir);
            }
            throw new NoSuchRepositoryException(GitUris.redact(uri), e);
        }
    }

    @Override
    public void close() {
        clones().forEach(GitConfigSource::close);
    }

    private boolean matchesAny(String applicationAndProfile) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(applicationAndProfile).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * SCC's {@code setPattern}: each pattern {@code p} also stands for {@code p/*} when it names no profile
     * and for {@code p,*} (more profiles) when it does not end with {@code *}; a named repository without
     * patterns is matched by its name. {@code *} matches anything, as in Spring's {@code simpleMatch}.
     */
    private static List<Pattern> compile(GitRepositorySettings settings) {
        if (settings.patterns().isEmpty() && settings.name().equals(MultiRepositoryGitSource.DEFAULT_REPOSITORY)) {
            return List.of();
        }
        List<String> given = settings.patterns().isEmpty() ? List.of(settings.name()) : settings.patterns();
        Set<String> expanded = new LinkedHashSet<>();
        List<String> otherProfiles = new ArrayList<>();
        for (String pattern : given) {
            if (!pattern.contains("/")) {
                expanded.add(pattern + "/*");
            }
            if (!pattern.endsWith("*")) {
                otherProfiles.add(pattern + ",*");
            }
            expanded.add(pattern);
        }
        expanded.addAll(otherProfiles);
        List<Pattern> compiled = new ArrayList<>();
        for (String pattern : expanded) {
            String[] parts = pattern.split("\\*", -1);
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
            }
            compiled.add(Pattern.compile(regex.toString(), Pattern.DOTALL));
        }
        return List.copyOf(compiled);
    }

    private static String replace(String text, String placeholder, String value) {
        return value == null ? text : text.replace(placeholder, value);
    }

    private static void requireNoPlaceholderInHost(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return;
        }
        int pathStart = uri.indexOf('/', scheme + 3);
        String authority = pathStart < 0 ? uri.substring(scheme + 3) : uri.substring(scheme + 3, pathStart);
        if (authority.contains("{") || authority.contains("}")) {
            throw new IllegalArgumentException(
                    "invalid Git uri '" + GitUris.redact(uri) + "': placeholders are not allowed in the host");
        }
    }

    /** A directory name for the clone of {@code uri}: readable where it can be, unique by a hash. */
    private static String directoryName(String uri) {
        String readable;
        try {
            String path = new URI(uri).getPath();
            readable = path == null ? "" : path;
        } catch (URISyntaxException e) {
            readable = uri;
        }
        readable = readable.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        if (readable.length() > 60) {
            readable = readable.substring(readable.length() - 60);
        }
        byte[] digest = Sha256.newDigest().digest(uri.getBytes(StandardCharsets.UTF_8));
        return readable + "-" + HexFormat.of().formatHex(digest, 0, 6);
    }
}

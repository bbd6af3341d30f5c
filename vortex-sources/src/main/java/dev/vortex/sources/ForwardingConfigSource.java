package dev.vortex.sources;

import dev.vortex.core.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A source that hands every call to another: the base of a source that changes a few answers of the one it wraps
 * (overrides, say) and passes the rest on. Subclasses override what they change.
 *
 * <p>As thread-safe as the source it wraps.
 */
public abstract class ForwardingConfigSource implements ConfigSource {
    private final ConfigSource delegate;

    /** @param delegate the source every call goes to unless a subclass answers it */
    protected ForwardingConfigSource(ConfigSource delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped source. */
    protected final ConfigSource delegate() {
        return delegate;
    }

    @Override
    public Environment find(String application, String profiles, String label) {
        return delegate.find(application, profiles, label);
    }

    @Override
    public Optional<SourceFile> findFile(String application, String profiles, String label, String path) {
        return delegate.findFile(application, profiles, label, path);
    }

    @Override
    public Set<String> configFileNames(String label) {
        return delegate.configFileNames(label);
    }

    @Override
    public String defaultLabel() {
        return delegate.defaultLabel();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public SourceHealth health() {
        return delegate.health();
    }

    @Override
    public String versionOf(String label) {
        return delegate.versionOf(label);
    }

    @Override
    public SourceChange refresh() {
        return delegate.refresh();
    }

    @Override
    public List<Path> watchedDirectories() {
        return delegate.watchedDirectories();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

package dev.vortex.server.http;

import dev.vortex.server.security.SecuritySettings;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the HTTP API derives from one part of the security settings in force (the webhook verifier from {@code
 * security.webhooks}, the CORS rules from {@code security.cors}), kept in step with settings reloads: each request asks {@link #get()}, which hands
 * out the object built for the settings in force, and builds it again when a reload changed that part.
 *
 * <p>A reload that leaves the part as it was (equal by value) keeps the object, so that state it would hold
 * survives reloads of other parts (the failure counts, which WebSockets share, are kept the same way by {@code
 * CredentialsAuthorizer} itself). The common case costs a volatile read and
 * an identity comparison ({@code CredentialsAuthorizer} swaps its settings as a whole on a reload, so their
 * identity tells); only the first request after a reload takes the lock.
 *
 * @param <P> the part of the settings
 * @param <T> what is built from it (immutable or thread-safe: requests on every event loop share it)
 */
final class LiveSecurityPart<P, T> implements Supplier<T> {
    private final Supplier<SecuritySettings> settings;
    private final Function<SecuritySettings, P> part;
    private final Function<P, T> build;
    private volatile Built<P, T> current;

    /** The object built for one identity of the settings, and the part it was built from. */
    private record Built<P, T>(SecuritySettings settings, P part, T derived) {}

    /**
     * Builds the object for the settings in force now.
     *
     * @param settings the settings in force ({@code authorizer::settings})
     * @param part the part of them the object depends on
     * @param build makes the object from the part
     */
    LiveSecurityPart(Supplier<SecuritySettings> settings, Function<SecuritySettings, P> part, Function<P, T> build) {
        this.settings = settings;
        this.part = part;
        this.build = build;
        SecuritySettings now = settings.get();
        P initial = part.apply(now);
        this.current = new Built<>(now, initial, build.apply(initial));
    }

    /** The object of the settings in force, built again when a reload changed its part. */
    @Override
    public T get() {
        Built<P, T> built = current;
        return built.settings() == settings.get() ? built.derived() : rebuild();
    }

    private synchronized T rebuild() {
        // Read again under the lock: a request that saw older settings must not put an older object back.
        SecuritySettings now = settings.get();
        Built<P, T> built = current;
        if (built.settings() != now) {
            P fresh = part.apply(now);
            built = new Built<>(now, fresh, Objects.equals(fresh, built.part()) ? built.derived() : build.apply(fresh));
            current = built;
        }
        return built.derived();
    }
}

package dev.vortex.server;

import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.security.SecuritySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a Vortex server needs to start. Immutable; build one with {@link #builder()}.
 *
 * <p>The backend is chosen in this order: Git when {@link #gitUri()} is set, else the native directories
 * when {@link #nativeLocations()} is not empty, else the embedded sample repository.
 */
public final class ServerSettings {
    /** Port of Spring Cloud Config Server, so clients can switch without changing theirs. */
    public static final int DEFAULT_PORT = 8888;

    /** Listen on every interface, as a server in a container must: the default once credentials are required. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    /** Listen on the loopback interface only: the default while the server is open to anyone who reaches it. */
    public static final String OPEN_DEFAULT_HOST = "127.0.0.1";

    /** How often Git remotes are fetched. Never per request. */
    public static final Duration DEFAULT_GIT_REFRESH_INTERVAL = Duration.ofSeconds(30);

    /** How often native directories are scanned for edits (a cheap stat of every file). */
    public static final Duration DEFAULT_NATIVE_REFRESH_INTERVAL = Duration.ofSeconds(2);

    /** Resolved configs kept in memory; one entry per application, profile list and label. */
    public static final long DEFAULT_CACHE_MAX_ENTRIES = 10_000;

    /** One HTTP server per core, so that connections spread over every event loop. */
    public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

    /** How long a graceful shutdown may take before connections are cut. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final List<Path> nativeLocations;
    private final Duration nativeRefreshInterval;
    private final String gitUri;
    private final Path gitBasedir;
    private final String gitDefaultLabel;
    private final String gitUsername;
    private final String gitPassword;
    private final Duration gitRefreshInterval;
    private final long cacheMaxEntries;
    private final Duration shutdownTimeout;
    private final RealtimeSettings realtime;
    private final SecuritySettings security;
    private final int eventLoops;
    private final boolean keyDiscovery;
    private final boolean nativeTransport;

    private ServerSettings(Builder builder) {
        this.security = builder.security;
        this.host = builder.host != null ? builder.host : security.enabled() ? DEFAULT_HOST : OPEN_DEFAULT_HOST;
        this.port = builder.port;
        this.nativeLocations = List.copyOf(builder.nativeLocations);
        this.nativeRefreshInterval = builder.nativeRefreshInterval;
        this.gitUri = builder.gitUri;
        this.gitBasedir = builder.gitBasedir;
        this.gitDefaultLabel = builder.gitDefaultLabel;
        this.gitUsername = builder.gitUsername;
        this.gitPassword = builder.gitPassword;
        this.gitRefreshInterval = builder.gitRefreshInterval;
        this.cacheMaxEntries = builder.cacheMaxEntries;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.realtime = builder.realtime;
        this.eventLoops = builder.eventLoops;
        this.keyDiscovery = builder.keyDiscovery;
        this.nativeTransport = builder.nativeTransport;
    }

    /** Whether the applications and profiles of the repository are discovered from its file names. */
    public boolean keyDiscovery() {
        return keyDiscovery;
    }

    /**
     * Whether the operating system's native network transport (Linux epoll) is used when it is available;
     * the JDK's portable transport otherwise.
     */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    /** How many event loops serve HTTP and WebSocket connections. */
    public int eventLoops() {
        return eventLoops;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Who may connect and what each may read; {@link SecuritySettings#NONE} for an open server. */
    public SecuritySettings security() {
        return security;
    }

    /**
     * The interface to listen on: unless set, {@value #DEFAULT_HOST} when credentials are required and
     * {@value #OPEN_DEFAULT_HOST} when they are not, so that an open server is not reachable from other hosts by
     * accident.
     */
    public String host() {
        return host;
    }

    /** The port to listen on; 0 picks a free one (see {@link VortexServer#port()}). */
    public int port() {
        return port;
    }

    /** Native search locations, lowest precedence first; empty when another backend is used. */
    public List<Path> nativeLocations() {
        return nativeLocations;
    }

    /** How often native directories are checked for edits. */
    public Duration nativeRefreshInterval() {
        return nativeRefreshInterval;
    }

    /** The Git remote, if the Git backend is used. */
    public Optional<String> gitUri() {
        return Optional.ofNullable(gitUri);
    }

    /** Where the Git clone lives; empty for a fresh temporary directory. */
    public Optional<Path> gitBasedir() {
        return Optional.ofNullable(gitBasedir);
    }

    /** The label served when a request names none; empty for {@code main}, falling back to {@code master}. */
    public Optional<String> gitDefaultLabel() {
        return Optional.ofNullable(gitDefaultLabel);
    }

    /** User name for an HTTPS Git remote. */
    public Optional<String> gitUsername() {
        return Optional.ofNullable(gitUsername);
    }

    /** Password or token for an HTTPS Git remote. */
    public Optional<String> gitPassword() {
        return Optional.ofNullable(gitPassword);
    }

    /** How often the Git remote is fetched. */
    public Duration gitRefreshInterval() {
        return gitRefreshInterval;
    }

    /** The most resolved configs kept in memory. */
    public long cacheMaxEntries() {
        return cacheMaxEntries;
    }

    /** How long a graceful shutdown may take. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** Timings and limits of the WebSocket endpoint. */
    public RealtimeSettings realtime() {
        return realtime;
    }

    /** Builds {@link ServerSettings}; every setter checks its value and names it when it is wrong. */
    public static final class Builder {
        private String host;
        private SecuritySettings security = SecuritySettings.NONE;
        private int port = DEFAULT_PORT;
        private List<Path> nativeLocations = List.of();
        private Duration nativeRefreshInterval = DEFAULT_NATIVE_REFRESH_INTERVAL;
        private String gitUri;
        private Path gitBasedir;
        private String gitDefaultLabel;
        private String gitUsername;
        private String gitPassword;
        private Duration gitRefreshInterval = DEFAULT_GIT_REFRESH_INTERVAL;
        private long cacheMaxEntries = DEFAULT_CACHE_MAX_ENTRIES;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private RealtimeSettings realtime = RealtimeSettings.DEFAULTS;
        private int eventLoops = DEFAULT_EVENT_LOOPS;
        private boolean keyDiscovery = true;
        private boolean nativeTransport = true;

        private Builder() {}

        /** @see ServerSettings#keyDiscovery() */
        public Builder keyDiscovery(boolean keyDiscovery) {
            this.keyDiscovery = keyDiscovery;
            return this;
        }

        /** @see ServerSettings#nativeTransport() */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        /** @see ServerSettings#eventLoops() */
        public Builder eventLoops(int eventLoops) {
            if (eventLoops < 1 || eventLoops > 64) {
                throw new IllegalArgumentException("event loops must be between 1 and 64, was " + eventLoops);
            }
            this.eventLoops = eventLoops;
            return this;
        }

        /** @see ServerSettings#realtime() */
        public Builder realtime(RealtimeSettings realtime) {
            this.realtime = Objects.requireNonNull(realtime, "realtime");
            return this;
        }

        /** @see ServerSettings#security() */
        public Builder security(SecuritySettings security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /** @see ServerSettings#host() */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** @see ServerSettings#port() */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** @see ServerSettings#nativeLocations() */
        public Builder nativeLocations(List<Path> locations) {
            this.nativeLocations = List.copyOf(locations);
            return this;
        }

        /** @see ServerSettings#nativeRefreshInterval() */
        public Builder nativeRefreshInterval(Duration interval) {
            this.nativeRefreshInterval = positive(interval, "native refresh interval");
            return this;
        }

        /** @see ServerSettings#gitUri() */
        public Builder gitUri(String uri) {
            this.gitUri = blankToNull(uri);
            return this;
        }

        /** @see ServerSettings#gitBasedir() */
        public Builder gitBasedir(Path basedir) {
            this.gitBasedir = basedir;
            return this;
        }

        /** @see ServerSettings#gitDefaultLabel() */
        public Builder gitDefaultLabel(String label) {
            this.gitDefaultLabel = blankToNull(label);
            return this;
        }

        /** @see ServerSettings#gitUsername() */
        public Builder gitUsername(String username) {
            this.gitUsername = blankToNull(username);
            return this;
        }

        /** @see ServerSettings#gitPassword() */
        public Builder gitPassword(String password) {
            this.gitPassword = blankToNull(password);
            return this;
        }

        /** @see ServerSettings#gitRefreshInterval() */
        public Builder gitRefreshInterval(Duration interval) {
            this.gitRefreshInterval = positive(interval, "git refresh interval");
            return this;
        }

        /** @see ServerSettings#cacheMaxEntries() */
        public Builder cacheMaxEntries(long maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("cache max entries must be at least 1, was " + maxEntries);
            }
            this.cacheMaxEntries = maxEntries;
            return this;
        }

        /** @see ServerSettings#shutdownTimeout() */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = positive(timeout, "shutdown timeout");
            return this;
        }

        /** The settings. */
        public ServerSettings build() {
            return new ServerSettings(this);
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + value);
            }
            return value;
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }
}

package dev.vortex.server;

import dev.vortex.server.backplane.RedisAddress;
import dev.vortex.server.crypto.EncryptionSettings;
import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.TlsSettings;
import dev.vortex.server.security.TrustedProxies;
import dev.vortex.sources.GitRepositorySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a Vortex server needs to start. Immutable; build one with {@link #builder()}.
 *
 * <p>The backend is chosen in this order: the {@link #composite()} sources when there are any, else Git when
 * {@link #gitUri()} is set, else the native directories when {@link #nativeLocations()} is not empty, else
 * the embedded sample repository.
 */
public final class ServerSettings {
    /** A single instance: changes travel in-process only. */
    public static final String DEFAULT_BACKPLANE = "local";

    /** The Redis stream of the backplane, when none is named. */
    public static final String DEFAULT_BACKPLANE_STREAM = "vortex:changes";

    /** Port of Spring Cloud Config Server, so clients can switch without changing theirs. */
    public static final int DEFAULT_PORT = 8888;

    /** Whether the keys the repository's file names describe are resolved (and seen by patterns), unless set. */
    public static final boolean DEFAULT_KEY_DISCOVERY = true;

    /** Whether Netty's native transport is used where available, unless set. */
    public static final boolean DEFAULT_NATIVE_TRANSPORT = true;

    /** Whether the change path is warmed up after the start, unless set. */
    public static final boolean DEFAULT_WARM_UP = true;

    /** Listen on every interface, as a server in a container must: the default once credentials are required. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    /** Listen on the loopback interface only: the default while the server is open to anyone who reaches it. */
    public static final String OPEN_DEFAULT_HOST = "127.0.0.1";

    /** How often Git remotes are fetched. Never per request. */
    public static final Duration DEFAULT_GIT_REFRESH_INTERVAL = Duration.ofSeconds(30);

    /**
     * The Git poller's lease among instances sharing a remote and a Redis backplane: the longest a dead poller's
     * turn can last before another instance polls instead.
     */
    public static final Duration DEFAULT_GIT_LEASE = Duration.ofSeconds(15);

    /** The shortest Git lease: shorter ones would have every instance write to Redis dozens of times a second. */
    public static final Duration MIN_GIT_LEASE = Duration.ofMillis(300);

    /** How often native directories are scanned for edits (a cheap stat of every file). */
    public static final Duration DEFAULT_NATIVE_REFRESH_INTERVAL = Duration.ofSeconds(2);

    /** Resolved configs kept in memory; one entry per application, profile list and label. */
    public static final long DEFAULT_CACHE_MAX_ENTRIES = 10_000;

    /** One HTTP server per core, so that connections spread over every event loop. */
    public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

    /** How long a graceful shutdown may take before connections are cut. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** How long a client may take to send a request's head (line and headers): slowloris gets 408. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

    /** How long an HTTP connection (not a WebSocket) may stay silent before it is closed. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** How often the settings file is read again for a changed {@code security} section. */
    public static final Duration DEFAULT_SETTINGS_POLL_INTERVAL = Duration.ofSeconds(5);

    /**
     * File descriptors kept free below the process's limit when the connection cap is derived from it: for
     * configuration files, Git pack files, the JVM's own jars and sockets, and the refusals themselves.
     */
    public static final int FILE_DESCRIPTOR_HEADROOM = 512;

    /**
     * The most connections (HTTP and WebSocket) open at once, unless set: the process's open-file limit less
     * {@link #FILE_DESCRIPTOR_HEADROOM}, or 10,000 where the limit cannot be read.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = defaultMaxConnections();

    private final String host;
    private final int port;
    private final List<Path> nativeLocations;
    private final Duration nativeRefreshInterval;
    private final String gitUri;
    private final Path gitBasedir;
    private final List<String> gitSearchPaths;
    private final List<GitRepositorySettings> gitRepos;
    private final String gitDefaultLabel;
    private final String gitUsername;
    private final String gitPassword;
    private final Duration gitRefreshInterval;
    private final Duration gitLease;
    private final Map<String, String> overrides;
    private final List<CompositeSourceSettings> composite;
    private final long cacheMaxEntries;
    private final Duration shutdownTimeout;
    private final RealtimeSettings realtime;
    private final SecuritySettings security;
    private final Path settingsFile;
    private final Duration settingsPollInterval;
    private final int eventLoops;
    private final boolean keyDiscovery;
    private final RedisAddress backplane;
    private final String backplaneStream;
    private final boolean nativeTransport;
    private final boolean warmUp;
    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final TrustedProxies trustedProxies;
    private final EncryptionSettings encryption;
    private final TlsSettings tls;

    private ServerSettings(Builder builder) {
        this.security = builder.security;
        this.settingsFile = builder.settingsFile;
        this.settingsPollInterval = builder.settingsPollInterval;
        this.host = builder.host != null ? builder.host : security.enabled() ? DEFAULT_HOST : OPEN_DEFAULT_HOST;
        this.port = builder.port;
        this.nativeLocations = List.copyOf(builder.nativeLocations);
        this.nativeRefreshInterval = builder.nativeRefreshInterval;
        this.gitUri = builder.gitUri;
        this.gitBasedir = builder.gitBasedir;
        this.gitSearchPaths = List.copyOf(builder.gitSearchPaths);
        this.gitRepos = List.copyOf(builder.gitRepos);
        this.gitDefaultLabel = builder.gitDefaultLabel;
        this.gitUsername = builder.gitUsername;
        this.gitPassword = builder.gitPassword;
        this.gitRefreshInterval = builder.gitRefreshInterval;
        this.gitLease = builder.gitLease;
        this.overrides = builder.overrides;
        this.composite = List.copyOf(builder.composite);
        this.cacheMaxEntries = builder.cacheMaxEntries;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.realtime = builder.realtime;
        this.eventLoops = builder.eventLoops;
        this.keyDiscovery = builder.keyDiscovery;
        this.backplane = builder.backplane;
        this.backplaneStream = builder.backplaneStream;
        this.nativeTransport = builder.nativeTransport;
        this.warmUp = builder.warmUp;
        this.headerTimeout = builder.headerTimeout;
        this.idleTimeout = builder.idleTimeout;
        this.maxConnections = builder.maxConnections;
        this.trustedProxies = builder.trustedProxies;
        this.encryption = builder.encryption;
        this.tls = builder.tls;
    }

    private static int defaultMaxConnections() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            return (int) Math.max(64, Math.min(Integer.MAX_VALUE, limit - FILE_DESCRIPTOR_HEADROOM));
        }
        return 10_000;
    }

    /** How long a client may take to send a request's line and headers before it gets 408 and is closed. */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** How long an HTTP connection may stay silent before it is closed; WebSockets have their heartbeat. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The most connections, HTTP and WebSocket, open at once; more are answered 503 and closed. */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * The load balancers and reverse proxies whose {@code X-Forwarded-For} names the client (for the failure delay
     * and the logs); {@link TrustedProxies#NONE} (the default) trusts nobody: every client is its TCP peer.
     */
    public TrustedProxies trustedProxies() {
        return trustedProxies;
    }

    /**
     * The certificate and key the server serves {@code https://} and {@code wss://} with; empty for plain HTTP
     * (behind a TLS-terminating proxy, say).
     */
    public Optional<TlsSettings> tls() {
        return Optional.ofNullable(tls);
    }

    /** The keys of {@code {cipher}} values, and whether they are decrypted before they are served. */
    public EncryptionSettings encryption() {
        return encryption;
    }

    /** The Redis server the instances share changes through; empty for a single instance. */
    public Optional<RedisAddress> backplane() {
        return Optional.ofNullable(backplane);
    }

    /** The key of the Redis stream that carries the changes (one per cluster of instances). */
    public String backplaneStream() {
        return backplaneStream;
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

    /**
     * Whether, a few seconds after the start, a background thread runs the work of a config change on synthetic
     * configs until the JIT has compiled it, so that the first real changes are not run by the interpreter (see
     * {@link dev.vortex.server.realtime.ChangePathWarmUp}).
     */
    public boolean warmUp() {
        return warmUp;
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
     * The settings file the server was started from: while it runs, the server watches it and reloads its
     * {@code security} section when it changes (the other settings take effect on a restart); empty when
     * the settings did not come from a file.
     */
    public Optional<Path> settingsFile() {
        return Optional.ofNullable(settingsFile);
    }

    /**
     * How often the {@linkplain #settingsFile() settings file} is read again, by the server's clock; empty when it
     * is not polled (its changes then take effect on a restart, or through {@link
     * VortexServer#reloadSettingsNow()}).
     */
    public Optional<Duration> settingsPollInterval() {
        return settingsPollInterval.isZero() ? Optional.empty() : Optional.of(settingsPollInterval);
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

    /**
     * Folders of the Git repository searched after its root, in increasing precedence; they may hold {@code
     * {application}}, {@code {profile}}, {@code {label}} and wildcards, as Spring Cloud Config's {@code
     * search-paths}.
     */
    public List<String> gitSearchPaths() {
        return gitSearchPaths;
    }

    /**
     * Further Git repositories, each serving the applications and profiles its patterns match, in routing
     * order, as Spring Cloud Config's {@code spring.cloud.config.server.git.repos}; the repository of {@link
     * #gitUri()} serves the rest.
     */
    public List<GitRepositorySettings> gitRepos() {
        return gitRepos;
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

    /**
     * With a Redis backplane and a Git backend, the period of the lease that elects one poller among the
     * instances sharing the remote: a poller that stops renewing it is replaced within this time.
     */
    public Duration gitLease() {
        return gitLease;
    }

    /**
     * Properties forced into every answer, above every file, as Spring Cloud Config's {@code
     * spring.cloud.config.server.overrides}, in the order given; empty for none.
     */
    public Map<String, String> overrides() {
        return overrides;
    }

    /**
     * The sources of a composite backend, in the order given (which {@link CompositeSourceSettings#order()}
     * may change); when not empty, they are the backend, instead of {@link #gitUri()} or {@link
     * #nativeLocations()}.
     */
    public List<CompositeSourceSettings> composite() {
        return composite;
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
        private Path settingsFile;
        private int port = DEFAULT_PORT;
        private List<Path> nativeLocations = List.of();
        private Duration nativeRefreshInterval = DEFAULT_NATIVE_REFRESH_INTERVAL;
        private String gitUri;
        private Path gitBasedir;
        private List<String> gitSearchPaths = List.of();
        private List<GitRepositorySettings> gitRepos = List.of();
        private String gitDefaultLabel;
        private String gitUsername;
        private String gitPassword;
        private Duration gitRefreshInterval = DEFAULT_GIT_REFRESH_INTERVAL;
        private Duration gitLease = DEFAULT_GIT_LEASE;
        private Map<String, String> overrides = Map.of();
        private List<CompositeSourceSettings> composite = List.of();
        private long cacheMaxEntries = DEFAULT_CACHE_MAX_ENTRIES;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private RealtimeSettings realtime = RealtimeSettings.DEFAULTS;
        private int eventLoops = DEFAULT_EVENT_LOOPS;
        private boolean keyDiscovery = DEFAULT_KEY_DISCOVERY;
        private RedisAddress backplane;
        private String backplaneStream = DEFAULT_BACKPLANE_STREAM;
        private boolean nativeTransport = DEFAULT_NATIVE_TRANSPORT;
        private boolean warmUp = DEFAULT_WARM_UP;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration settingsPollInterval = DEFAULT_SETTINGS_POLL_INTERVAL;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private TrustedProxies trustedProxies = TrustedProxies.NONE;

        private Builder() {}

        /** @see ServerSettings#headerTimeout() */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = positive(timeout, "header timeout");
            return this;
        }

        /** @see ServerSettings#idleTimeout() */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idle timeout");
            return this;
        }

        /** @see ServerSettings#trustedProxies() */
        public Builder trustedProxies(TrustedProxies proxies) {
            this.trustedProxies = Objects.requireNonNull(proxies, "trusted proxies");
            return this;
        }

        /** @see ServerSettings#maxConnections() */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("max connections must be at least 1, was " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        private EncryptionSettings encryption = EncryptionSettings.NONE;
        private TlsSettings tls;

        /**
         * @param tls the certificate and key to serve HTTPS with, or {@code null} for plain HTTP
         * @see ServerSettings#tls()
         */
        public Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        /** @see ServerSettings#encryption() */
        public Builder encryption(EncryptionSettings encryption) {
            this.encryption = Objects.requireNonNull(encryption, "encryption");
            return this;
        }

        /**
         * @param uri {@code local} (or {@code null}, or blank) for a single instance, or a
         *     {@code redis://} / {@code rediss://} address
         * @throws IllegalArgumentException naming the value (without its password) when it is neither
         * @see ServerSettings#backplane()
         */
        public Builder backplane(String uri) {
            String value = blankToNull(uri);
            this.backplane = value == null || value.equals(DEFAULT_BACKPLANE) ? null : RedisAddress.parse(value);
            return this;
        }

        /** @see ServerSettings#backplaneStream() */
        public Builder backplaneStream(String stream) {
            String value = blankToNull(stream);
            if (value == null) {
                throw new IllegalArgumentException("the backplane stream must not be blank");
            }
            this.backplaneStream = value;
            return this;
        }

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

        /** @see ServerSettings#warmUp() */
        public Builder warmUp(boolean warmUp) {
            this.warmUp = warmUp;
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

        /**
         * @param interval how often the settings file is read again; zero turns polling off
         * @throws IllegalArgumentException if it is negative
         * @see ServerSettings#settingsPollInterval()
         */
        public Builder settingsPollInterval(Duration interval) {
            Objects.requireNonNull(interval, "settings poll interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException(
                        "settings poll interval must be positive, or 0 to turn polling off; was " + interval);
            }
            this.settingsPollInterval = interval;
            return this;
        }

        /** @see ServerSettings#settingsFile() */
        public Builder settingsFile(Path file) {
            this.settingsFile = file;
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

        /** @see ServerSettings#gitSearchPaths() */
        public Builder gitSearchPaths(List<String> searchPaths) {
            this.gitSearchPaths = List.copyOf(searchPaths);
            return this;
        }

        /** @see ServerSettings#gitRepos() */
        public Builder gitRepos(List<GitRepositorySettings> repos) {
            this.gitRepos = List.copyOf(repos);
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

        /** @see ServerSettings#gitLease() */
        public Builder gitLease(Duration lease) {
            Objects.requireNonNull(lease, "git lease");
            if (lease.compareTo(MIN_GIT_LEASE) < 0) {
                throw new IllegalArgumentException(
                        "git lease must be at least " + MIN_GIT_LEASE.toMillis() + "ms, was " + lease);
            }
            this.gitLease = lease;
            return this;
        }

        /** @see ServerSettings#overrides() */
        public Builder overrides(Map<String, String> overrides) {
            overrides.forEach((key, value) -> {
                if (key == null || key.isBlank() || value == null) {
                    throw new IllegalArgumentException(
                            "invalid override '" + key + "=" + value + "': needs a property name and a value");
                }
            });
            // In the given order: it decides the order in which the overrides are served.
            this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
            return this;
        }

        /** @see ServerSettings#composite() */
        public Builder composite(List<CompositeSourceSettings> sources) {
            this.composite = List.copyOf(sources);
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

        /**
         * The settings.
         *
         * @throws IllegalArgumentException if Git repositories are given without a default Git uri
         */
        public ServerSettings build() {
            if (!gitRepos.isEmpty() && gitUri == null) {
                throw new IllegalArgumentException("Git repositories "
                        + gitRepos.stream().map(GitRepositorySettings::name).toList()
                        + " need a default Git uri (git.uri) for the requests they do not match");
            }
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

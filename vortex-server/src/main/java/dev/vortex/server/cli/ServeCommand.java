package dev.vortex.server.cli;

import dev.vortex.server.ServerSettings;
import dev.vortex.server.VortexServer;
import dev.vortex.server.crypto.EncryptionSettings;
import dev.vortex.server.realtime.RealtimeSettings;
import dev.vortex.server.security.IpRange;
import dev.vortex.server.security.SecuritySettings;
import dev.vortex.server.security.TlsSettings;
import dev.vortex.server.security.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vortex serve}: runs the server until SIGTERM or Ctrl-C, then shuts down gracefully. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Serves configuration over the Spring Cloud Config HTTP API, and pushes every change to WebSocket"
                    + " clients at /ws/{application}/{profile}[/{label}].",
            "",
            "Backend: the settings file's composite list when given, else --git, else --native, else the sample"
                    + " repository examples/config-repo.",
            "Every option can also be set with an environment variable or in the YAML file named by --config"
                    + " (both shown in brackets); the command line wins over the environment, which wins over"
                    + " the file.",
            ""
        })
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** The settings-file map of overrides. */
    private static final String OVERRIDES = "overrides";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML file holding any of these settings [VORTEX_CONFIG].")
    Path configFile;

    @Option(
            names = "--settings-poll-interval",
            paramLabel = "DURATION",
            converter = DurationOrOffConverter.class,
            descriptionKey = "settings-poll-interval",
            description = "How often the --config file is read again; a changed security section is applied without"
                    + " a restart. off (or 0) stops polling: changes then take effect on a restart"
                    + " [VORTEX_SETTINGS_POLL_INTERVAL, settings-poll-interval]. Default: ${DEFAULT-VALUE}.")
    Duration settingsPollInterval;

    @Option(
            names = "--host",
            descriptionKey = "host",
            description = "Interface to listen on [VORTEX_HOST, host]. Default: " + ServerSettings.DEFAULT_HOST
                    + " once the settings file's security section configures credentials, "
                    + ServerSettings.OPEN_DEFAULT_HOST + " (this machine only) while the server is open.")
    String host;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            descriptionKey = "tls.cert",
            description = "PEM file of the TLS certificate chain (the server's own certificate first): the server "
                    + "then speaks https:// and wss:// only; needs --tls-key [VORTEX_TLS_CERT, tls.cert].")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            descriptionKey = "tls.key",
            description = "PEM file of the certificate's private key, PKCS#8 (-----BEGIN PRIVATE KEY-----), RSA or "
                    + "EC; needs --tls-cert [VORTEX_TLS_KEY, tls.key].")
    Path tlsKey;

    @Option(
            names = "--tls-reload-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "tls.reload-interval",
            description = "How often the certificate and key files are checked for a renewal, which new "
                    + "connections then get without a restart [VORTEX_TLS_RELOAD_INTERVAL, tls.reload-interval]. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration tlsReloadInterval;

    @Option(
            names = {"-p", "--port"},
            descriptionKey = "port",
            description = "Port to listen on; 0 picks a free port [VORTEX_PORT, port]. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--native",
            paramLabel = "DIR",
            split = ",",
            descriptionKey = "native.locations",
            description = "Filesystem backend: a directory of config files; repeat for more search locations, "
                    + "later ones win [VORTEX_NATIVE_LOCATIONS (comma-separated), native.locations].")
    List<Path> nativeLocations = List.of();

    @Option(
            names = "--native-refresh-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "native.refresh-interval",
            description = "How often native directories are checked for edits "
                    + "[VORTEX_NATIVE_REFRESH_INTERVAL, native.refresh-interval]. Default: ${DEFAULT-VALUE}.")
    Duration nativeRefreshInterval;

    @Option(
            names = "--git",
            paramLabel = "URI",
            descriptionKey = "git.uri",
            description = "Git backend: the remote to clone (https://, ssh://, file://) [VORTEX_GIT_URI, git.uri].")
    String gitUri;

    @Option(
            names = "--git-basedir",
            paramLabel = "DIR",
            descriptionKey = "git.basedir",
            description = "Where the Git clone is kept; an existing clone is reused at start "
                    + "[VORTEX_GIT_BASEDIR, git.basedir]. Default: a new temporary directory.")
    Path gitBasedir;

    @Option(
            names = "--git-search-paths",
            paramLabel = "FOLDER",
            split = ",",
            descriptionKey = "git.search-paths",
            description = "Folders of the repository searched after its root, later ones winning; may hold "
                    + "{application}, {profile}, {label} and wildcards, as Spring Cloud Config's search-paths "
                    + "[VORTEX_GIT_SEARCH_PATHS (comma-separated), git.search-paths].")
    List<String> gitSearchPaths = List.of();

    @Option(
            names = "--default-label",
            paramLabel = "LABEL",
            descriptionKey = "git.default-label",
            description = "Label served when a request names none "
                    + "[VORTEX_GIT_DEFAULT_LABEL, git.default-label]. Default: main, falling back to master.")
    String defaultLabel;

    @Option(
            names = "--git-username",
            paramLabel = "USER",
            descriptionKey = "git.username",
            description = "User name for an HTTPS remote [VORTEX_GIT_USERNAME, git.username].")
    String gitUsername;

    @Option(
            names = "--git-password",
            paramLabel = "SECRET",
            descriptionKey = "git.password",
            description = "Password or token for an HTTPS remote; prefer the environment variable, which "
                    + "does not show in the process list [VORTEX_GIT_PASSWORD, git.password].")
    String gitPassword;

    @Option(
            names = "--git-refresh-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "git.refresh-interval",
            description = "How often the remote is fetched; never per request "
                    + "[VORTEX_GIT_REFRESH_INTERVAL, git.refresh-interval]. Default: ${DEFAULT-VALUE}.")
    Duration gitRefreshInterval;

    @Option(
            names = "--git-lease",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "git.lease",
            description = "With --backplane redis://: instances sharing a Git remote elect one poller with a Redis"
                    + " lease of this period; a poller that dies is replaced within it [VORTEX_GIT_LEASE, git.lease]."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration gitLease;

    @Option(
            names = "--override",
            paramLabel = "NAME=VALUE",
            description = "A property forced into every answer, above every file, as Spring Cloud Config's "
                    + "spring.cloud.config.server.overrides; repeatable [overrides (a map in the settings file)].")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
            names = "--cache-max-entries",
            paramLabel = "N",
            descriptionKey = "cache.max-entries",
            description = "Resolved configs kept in memory [VORTEX_CACHE_MAX_ENTRIES, cache.max-entries]. "
                    + "Default: ${DEFAULT-VALUE}.")
    long cacheMaxEntries;

    @Option(
            names = "--shutdown-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "shutdown-timeout",
            description = "How long a graceful shutdown may take [VORTEX_SHUTDOWN_TIMEOUT, shutdown-timeout]. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration shutdownTimeout;

    @Option(
            names = "--http-header-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "http.header-timeout",
            description = "How long a client may take to send a request's line and headers; slower ones get 408 "
                    + "and are closed [VORTEX_HTTP_HEADER_TIMEOUT, http.header-timeout]. Default: ${DEFAULT-VALUE}.")
    Duration headerTimeout;

    @Option(
            names = "--http-idle-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "http.idle-timeout",
            description = "How long an HTTP connection (not a WebSocket, which has its heartbeat) may stay silent "
                    + "before it is closed [VORTEX_HTTP_IDLE_TIMEOUT, http.idle-timeout]. Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            descriptionKey = "max-connections",
            description = "Connections (HTTP and WebSocket) open at once; more are answered 503 and closed "
                    + "[VORTEX_MAX_CONNECTIONS, max-connections]. Default: the open-file limit (ulimit -n) less "
                    + ServerSettings.FILE_DESCRIPTOR_HEADROOM + ".")
    Integer maxConnections;

    @Option(
            names = "--trusted-proxies",
            paramLabel = "CIDR",
            split = ",",
            converter = IpRangeConverter.class,
            descriptionKey = "trusted-proxies",
            description = "Load balancers and reverse proxies in front of the server, as CIDR ranges or addresses"
                    + " (10.0.0.0/8,2001:db8::/32,192.0.2.7): for a request from one of them, the client is the"
                    + " rightmost entry of --client-address-header that is not one of them (for the failure delay"
                    + " and the logs) [VORTEX_TRUSTED_PROXIES (comma-separated), trusted-proxies]. Default: none"
                    + " (the header is ignored, every client is its TCP peer).")
    List<IpRange> trustedProxies = List.of();

    @Option(
            names = "--client-address-header",
            paramLabel = "NAME",
            converter = HeaderNameConverter.class,
            descriptionKey = "client-address-header",
            description = "The header the --trusted-proxies write the client's address in: X-Forwarded-For,"
                    + " Forwarded (RFC 7239, its for= parameter), or another list of addresses such as X-Real-IP;"
                    + " only this one is read [VORTEX_CLIENT_ADDRESS_HEADER, client-address-header]."
                    + " Default: ${DEFAULT-VALUE}.")
    String clientAddressHeader;

    @Option(
            names = "--discover-keys",
            paramLabel = "BOOLEAN",
            arity = "1",
            descriptionKey = "discover-keys",
            description =
                    "Resolve every application and profile the repository's file names describe, so that "
                            + "pattern subscribers see them all [VORTEX_DISCOVER_KEYS, discover-keys]. Default: ${DEFAULT-VALUE}.")
    boolean discoverKeys;

    @Option(
            names = "--backplane",
            paramLabel = "URI",
            descriptionKey = "backplane.uri",
            description = "How instances behind one load balancer share changes: local (this instance only) or "
                    + "redis://[user:password@]host:port[/db] (rediss:// for TLS) "
                    + "[VORTEX_BACKPLANE_URI, backplane.uri]. Default: ${DEFAULT-VALUE}.")
    String backplane;

    @Option(
            names = "--backplane-stream",
            paramLabel = "KEY",
            descriptionKey = "backplane.stream",
            description = "The Redis stream the instances of one cluster share "
                    + "[VORTEX_BACKPLANE_STREAM, backplane.stream]. Default: ${DEFAULT-VALUE}.")
    String backplaneStream;

    @Option(
            names = "--event-loops",
            paramLabel = "N",
            descriptionKey = "event-loops",
            description = "Event loops serving HTTP and WebSocket connections [VORTEX_EVENT_LOOPS, event-loops]. "
                    + "Default: the number of cores.")
    Integer eventLoops;

    @Option(
            names = "--native-transport",
            paramLabel = "BOOLEAN",
            arity = "1",
            descriptionKey = "native-transport",
            description = "Use Linux's epoll through Netty's native transport when available (cheaper writes when "
                    + "a change goes to many sockets); false forces the JDK's transport "
                    + "[VORTEX_NATIVE_TRANSPORT, native-transport]. Default: ${DEFAULT-VALUE}.")
    boolean nativeTransport;

    @Option(
            names = "--warm-up",
            paramLabel = "BOOLEAN",
            arity = "1",
            descriptionKey = "warm-up",
            description = "A few seconds after the start, run the work of a config change on synthetic configs on a"
                    + " background thread (a few seconds of one core), so that the first real changes run compiled"
                    + " code; false saves that CPU [VORTEX_WARM_UP, warm-up]. Default: ${DEFAULT-VALUE}.")
    boolean warmUp;

    @Option(
            names = "--ws-ping-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "ws.ping-interval",
            description = "How often each WebSocket connection is pinged "
                    + "[VORTEX_WS_PING_INTERVAL, ws.ping-interval]. Default: ${DEFAULT-VALUE}.")
    Duration wsPingInterval;

    @Option(
            names = "--ws-pong-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "ws.pong-timeout",
            description = "How long after a ping a silent connection is closed (1001) "
                    + "[VORTEX_WS_PONG_TIMEOUT, ws.pong-timeout]. Default: ${DEFAULT-VALUE}.")
    Duration wsPongTimeout;

    @Option(
            names = "--ws-max-messages-per-second",
            paramLabel = "N",
            descriptionKey = "ws.max-messages-per-second",
            description = "Inbound messages allowed per connection and second "
                    + "[VORTEX_WS_MAX_MESSAGES_PER_SECOND, ws.max-messages-per-second]. Default: ${DEFAULT-VALUE}.")
    int wsMaxMessagesPerSecond;

    @Option(
            names = "--ws-max-frame-bytes",
            paramLabel = "BYTES",
            descriptionKey = "ws.max-frame-bytes",
            description = "Largest inbound message; larger ones close the connection (1009) "
                    + "[VORTEX_WS_MAX_FRAME_BYTES, ws.max-frame-bytes]. Default: ${DEFAULT-VALUE}.")
    int wsMaxFrameBytes;

    @Option(
            names = "--ws-history-depth",
            paramLabel = "N",
            descriptionKey = "ws.history-depth",
            description = "Configs remembered per key so that resuming clients get a diff "
                    + "[VORTEX_WS_HISTORY_DEPTH, ws.history-depth]. Default: ${DEFAULT-VALUE}.")
    int wsHistoryDepth;

    @Option(
            names = "--ws-max-patterns",
            paramLabel = "N",
            descriptionKey = "ws.max-patterns",
            description = "Subscription patterns one connection may hold "
                    + "[VORTEX_WS_MAX_PATTERNS, ws.max-patterns]. Default: ${DEFAULT-VALUE}.")
    int wsMaxPatterns;

    @Option(
            names = "--ws-max-reconnect-delay",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            descriptionKey = "ws.max-reconnect-delay",
            description = "Upper bound of the random reconnect_after_ms sent to clients on shutdown "
                    + "[VORTEX_WS_MAX_RECONNECT_DELAY, ws.max-reconnect-delay]. Default: ${DEFAULT-VALUE}.")
    Duration wsMaxReconnectDelay;

    @Option(
            names = "--ws-compression",
            paramLabel = "BOOLEAN",
            arity = "1",
            descriptionKey = "ws.compression",
            description = "Answer WebSocket clients that offer permessage-deflate (browsers do): each shared "
                    + "message is compressed once for all of them; false never answers the extension "
                    + "[VORTEX_WS_COMPRESSION, ws.compression]. Default: ${DEFAULT-VALUE}.")
    boolean wsCompression;

    @Option(
            names = "--decrypt",
            paramLabel = "BOOLEAN",
            arity = "1",
            descriptionKey = "decrypt",
            description = "Decrypt {cipher} values before serving them; false serves them as they are, for clients "
                    + "that hold the key [VORTEX_DECRYPT, decrypt]. Default: ${DEFAULT-VALUE}.")
    boolean decrypt;

    @Option(
            names = "--encrypt-key",
            paramLabel = "SECRET",
            descriptionKey = "encrypt.key",
            description = "Symmetric key of {cipher} values (or a PEM RSA private key); prefer the environment "
                    + "variable, which does not show in the process list [VORTEX_ENCRYPT_KEY or ENCRYPT_KEY, "
                    + "encrypt.key].")
    String encryptKey;

    @Option(
            names = "--encrypt-salt",
            paramLabel = "HEX",
            descriptionKey = "encrypt.salt",
            description = "Hex salt of the symmetric key [VORTEX_ENCRYPT_SALT, encrypt.salt]. "
                    + "Default: ${DEFAULT-VALUE}.")
    String encryptSalt;

    @Option(
            names = "--encrypt-key-store",
            paramLabel = "FILE",
            descriptionKey = "encrypt.key-store.location",
            description = "Keystore (PKCS12 or JKS) holding the RSA key pair of {cipher} values; wins over "
                    + "--encrypt-key [VORTEX_ENCRYPT_KEY_STORE_LOCATION, encrypt.key-store.location].")
    String encryptKeyStore;

    @Option(
            names = "--encrypt-key-store-password",
            paramLabel = "SECRET",
            descriptionKey = "encrypt.key-store.password",
            description = "Password of the keystore [VORTEX_ENCRYPT_KEY_STORE_PASSWORD, encrypt.key-store.password].")
    String encryptKeyStorePassword;

    @Option(
            names = "--encrypt-key-store-alias",
            paramLabel = "ALIAS",
            descriptionKey = "encrypt.key-store.alias",
            description = "Alias of the default key pair; a value's {key:alias} prefix picks another "
                    + "[VORTEX_ENCRYPT_KEY_STORE_ALIAS, encrypt.key-store.alias].")
    String encryptKeyStoreAlias;

    @Option(
            names = "--encrypt-key-store-secret",
            paramLabel = "SECRET",
            descriptionKey = "encrypt.key-store.secret",
            description = "Password of the key pair [VORTEX_ENCRYPT_KEY_STORE_SECRET, encrypt.key-store.secret]. "
                    + "Default: the keystore's password.")
    String encryptKeyStoreSecret;

    @Option(
            names = "--encrypt-key-store-type",
            paramLabel = "TYPE",
            descriptionKey = "encrypt.key-store.type",
            description = "Keystore type, PKCS12 or JKS [VORTEX_ENCRYPT_KEY_STORE_TYPE, encrypt.key-store.type]. "
                    + "Default: told from the file.")
    String encryptKeyStoreType;

    @Override
    public Integer call() throws InterruptedException {
        requireKnownSettingsKeys();
        ServerSettings settings = settings();
        VortexServer server = VortexServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("Vortex shutting down");
                            server.close();
                            LOG.info("Vortex stopped");
                            stopped.countDown();
                        },
                        "vortex-shutdown"));
        // Announced only once the hook is in place, so that a SIGTERM sent as soon as the line appears
        // still shuts down gracefully.
        LOG.info(
                "Vortex {} listening on {}://{}:{} with backend {} ({} transport)",
                VersionProvider.version(),
                settings.tls().isPresent() ? "https" : "http",
                settings.host(),
                server.port(),
                server.source().description(),
                server.transport());
        stopped.await();
        return 0;
    }

    ServerSettings settings() {
        return ServerSettings.builder()
                .security(
                        spec.commandLine().getDefaultValueProvider() instanceof SettingsDefaults defaults
                                ? defaults.security()
                                : SecuritySettings.NONE)
                .settingsFile(settingsFile().map(SettingsDefaults::file).orElse(null))
                .settingsPollInterval(settingsPollInterval)
                .host(host)
                .port(port)
                .tls(TlsSettings.of(tlsCert, tlsKey, tlsReloadInterval).orElse(null))
                .nativeLocations(nativeLocations)
                .nativeRefreshInterval(nativeRefreshInterval)
                .gitUri(gitUri)
                .gitBasedir(gitBasedir)
                .gitSearchPaths(gitSearchPaths)
                .gitDefaultLabel(defaultLabel)
                .gitUsername(gitUsername)
                .gitPassword(gitPassword)
                .gitRefreshInterval(gitRefreshInterval)
                .gitLease(gitLease)
                .overrides(overrides())
                .gitRepos(GitReposSection.parse(settingsFile()
                        .map(file -> file.section(GitReposSection.PREFIX))
                        .orElse(Map.of())))
                .composite(CompositeSection.parse(settingsFile()
                        .map(file -> file.section(CompositeSection.PREFIX))
                        .orElse(Map.of())))
                .cacheMaxEntries(cacheMaxEntries)
                .shutdownTimeout(shutdownTimeout)
                .keyDiscovery(discoverKeys)
                .backplane(backplane)
                .backplaneStream(backplaneStream)
                .nativeTransport(nativeTransport)
                .warmUp(warmUp)
                .encryption(encryption())
                .eventLoops(eventLoops != null ? eventLoops : ServerSettings.DEFAULT_EVENT_LOOPS)
                .headerTimeout(headerTimeout)
                .idleTimeout(idleTimeout)
                .maxConnections(maxConnections != null ? maxConnections : ServerSettings.DEFAULT_MAX_CONNECTIONS)
                .trustedProxies(TrustedProxies.of(trustedProxies, clientAddressHeader))
                .realtime(RealtimeSettings.builder()
                        .pingInterval(wsPingInterval)
                        .pongTimeout(wsPongTimeout)
                        .maxMessagesPerSecond(wsMaxMessagesPerSecond)
                        .maxFrameBytes(wsMaxFrameBytes)
                        .historyDepth(wsHistoryDepth)
                        .maxPatternsPerConnection(wsMaxPatterns)
                        .maxReconnectDelay(wsMaxReconnectDelay)
                        .compression(wsCompression)
                        .build())
                .build();
    }

    /** The settings file's {@code overrides} map, with {@code --override} options winning. */
    private Map<String, String> overrides() {
        Map<String, String> all = new LinkedHashMap<>(
                settingsFile().map(file -> file.section(OVERRIDES)).orElse(Map.of()));
        all.putAll(overrides);
        return all;
    }

    private Optional<SettingsDefaults> settingsFile() {
        return spec != null && spec.commandLine().getDefaultValueProvider() instanceof SettingsDefaults defaults
                ? Optional.of(defaults)
                : Optional.empty();
    }

    private EncryptionSettings encryption() {
        Optional<EncryptionSettings.KeyStoreSettings> keyStore = Optional.empty();
        if (encryptKeyStore != null && !encryptKeyStore.isBlank()) {
            if (encryptKeyStorePassword == null || encryptKeyStoreAlias == null) {
                throw new IllegalArgumentException("--encrypt-key-store " + encryptKeyStore
                        + " needs --encrypt-key-store-password and --encrypt-key-store-alias");
            }
            // Spring's resource syntax (file:/path) is accepted too, so that Spring Cloud Config settings carry over.
            Path location = encryptKeyStore.startsWith("file:")
                    ? Path.of(java.net.URI.create(encryptKeyStore))
                    : Path.of(encryptKeyStore);
            keyStore = Optional.of(new EncryptionSettings.KeyStoreSettings(
                    location,
                    encryptKeyStorePassword,
                    encryptKeyStoreAlias,
                    Optional.ofNullable(encryptKeyStoreSecret),
                    Optional.ofNullable(encryptKeyStoreType)));
        }
        return new EncryptionSettings(Optional.ofNullable(encryptKey), encryptSalt, keyStore, decrypt);
    }

    private void requireKnownSettingsKeys() {
        settingsFile().ifPresent(defaults -> {
            Set<String> known = spec.options().stream()
                    .map(OptionSpec::descriptionKey)
                    .filter(key -> !key.isEmpty())
                    .collect(Collectors.toSet());
            defaults.requireKnownKeys(known, Set.of(OVERRIDES, GitReposSection.PREFIX, CompositeSection.PREFIX));
        });
    }
}

package dev.vortex.spring.boot;

import dev.vortex.client.Backoff;
import dev.vortex.client.Credentials;
import dev.vortex.client.VortexClient;
import dev.vortex.client.VortexConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Loads a {@code vortex:} import: connects a {@link VortexClient}, waits for its first configuration (from the server,
 * or from {@code vortex.cache-file} when the server is unreachable) and hands Spring one {@link VortexPropertySource}.
 *
 * <p>Failure rules are Spring Cloud Config's: when nothing can be loaded, the start fails if the import is not
 * {@code optional:} or {@code spring.cloud.config.fail-fast} is set, with one message naming the import and the cause;
 * otherwise one warning is logged and the application starts without this source.
 */
public class VortexConfigDataLoader implements ConfigDataLoader<VortexConfigDataResource> {
    private final Log log;

    public VortexConfigDataLoader(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(VortexConfigDataLoader.class);
    }

    @Override
    public ConfigData load(ConfigDataLoaderContext context, VortexConfigDataResource resource) {
        VortexImportSettings settings = resource.settings();
        List<String> failures = new ArrayList<>();
        VortexConnection connection = VortexConnections.RUNNING.connect(settings, s -> open(s, failures));
        if (connection == null) {
            String failure = String.join("; ", failures);
            if (settings.failFast() || !resource.optional()) {
                String reason = settings.failFast()
                        ? "spring.cloud.config.fail-fast is set"
                        : "the import is not optional (use optional:vortex: to start without it)";
                throw new VortexConfigDataException(
                        "Could not load configuration from Vortex " + settings.describe() + ": " + failure
                                + "; failing because " + reason,
                        null);
            }
            log.warn("Vortex: could not load configuration " + settings.describe() + ": " + failure
                    + "; starting without it (optional import)");
            return null;
        }
        VortexConfig config = connection.client().config();
        if (config.fromCache()) {
            log.warn("Vortex: server unreachable at start; using the cached configuration of " + settings.describe()
                    + " from " + settings.cacheFile() + " (version " + config.version()
                    + "), reconnecting in the background");
        } else {
            log.info("Vortex: loaded " + settings.describe() + " version " + config.version() + " ("
                    + config.flat().size() + " properties)");
        }
        return new ConfigData(List.of(connection.propertySource()), source -> options(settings));
    }

    /**
     * As Spring Cloud Config: imports inside the remote config are ignored, and so are profile activations. The source
     * is profile-specific when profiles other than {@code default} were asked for, so it ranks above the application's
     * own profile-specific files, as a {@code configserver:} source of those profiles does.
     */
    private static ConfigData.Options options(VortexImportSettings settings) {
        return "default".equals(settings.profiles())
                ? ConfigData.Options.of(ConfigData.Option.IGNORE_IMPORTS, ConfigData.Option.IGNORE_PROFILES)
                : ConfigData.Options.of(
                        ConfigData.Option.IGNORE_IMPORTS,
                        ConfigData.Option.IGNORE_PROFILES,
                        ConfigData.Option.PROFILE_SPECIFIC);
    }

    /**
     * Tries each URL in turn; the first that delivers a configuration (or, for the last one, a cached configuration)
     * wins. Returns null, with the reasons in {@code failures}, when none does.
     */
    private VortexConnection open(VortexImportSettings settings, List<String> failures) {
        List<URI> urls = settings.urls();
        for (int i = 0; i < urls.size(); i++) {
            URI url = urls.get(i);
            boolean last = i == urls.size() - 1;
            VortexClient client = client(settings, url, last);
            try {
                VortexConfig first = client.start().get(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return new VortexConnection(settings, url, client, first);
            } catch (ExecutionException e) {
                client.close();
                failures.add(url + ": " + message(e.getCause()));
            } catch (TimeoutException e) {
                client.close();
                failures.add(url + ": no configuration within vortex.start-timeout (" + settings.startTimeout() + ")");
            } catch (InterruptedException e) {
                client.close();
                Thread.currentThread().interrupt();
                failures.add(url + ": interrupted");
                return null;
            }
        }
        return null;
    }

    /** The cache is given only to the last URL's client, so a reachable later URL is preferred to the cache. */
    private static VortexClient client(VortexImportSettings settings, URI url, boolean withCache) {
        var builder = VortexClient.builder()
                .url(url)
                .application(settings.application())
                .profiles(settings.profiles())
                .credentials(credentials(settings))
                .reconnect(Backoff.fullJitter(settings.reconnectInitialDelay(), settings.reconnectMaxDelay()))
                .heartbeatTimeout(settings.heartbeatTimeout())
                .connectTimeout(settings.connectTimeout());
        if (settings.label() != null) {
            builder.label(settings.label());
        }
        if (withCache && settings.cacheFile() != null) {
            builder.cacheFile(settings.cacheFile());
        }
        settings.headers().forEach(builder::header);
        return builder.build();
    }

    private static Credentials credentials(VortexImportSettings settings) {
        if (settings.token() != null) {
            return Credentials.bearer(settings.token());
        }
        if (settings.tokenFile() != null) {
            return Credentials.bearer(new VortexTokenFile(settings.tokenFile()));
        }
        if (settings.apiKey() != null) {
            return Credentials.apiKey(settings.apiKey());
        }
        if (settings.username() != null) {
            return Credentials.basic(settings.username(), settings.password() == null ? "" : settings.password());
        }
        return Credentials.none();
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}

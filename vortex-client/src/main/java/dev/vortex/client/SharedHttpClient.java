package dev.vortex.client;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;

/**
 * The JDK HTTP client every {@link VortexClient} of the JVM shares unless given its own: one selector
 * thread and one small pool for all of them, instead of a set per connection.
 */
final class SharedHttpClient {
    private SharedHttpClient() {}

    private static final class Holder {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .executor(Executors.newCachedThreadPool(DaemonThreads.named("vortex-client-http")))
                .build();
    }

    static HttpClient get() {
        return Holder.CLIENT;
    }
}

package dev.vortex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartPreloaderTest {

    @Test
    void everyStepSucceedsWithThisBuildsLibraries() {
        // A renamed class or a library dropped from the build would otherwise be skipped silently, and the start
        // would lose its head start without anyone noticing.
        assertThat(StartPreloader.preload()).isEmpty();
    }

    @Test
    void aServerStartsAfterThePreloaderRanInTheBackground(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("orders.yml"), "greeting: hello\n");
        StartPreloader.startInBackground();
        StartPreloader.startInBackground(); // a second call is harmless

        try (VortexServer server = VortexServer.start(ServerSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .nativeLocations(List.of(directory))
                .build())) {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/orders/default"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("hello");
        }
    }
}

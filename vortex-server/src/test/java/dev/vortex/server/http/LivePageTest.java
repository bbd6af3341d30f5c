package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.realtime.RealtimeFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The live web page: {@code /} and its assets under {@code /ui/}, through a real server on a free port. */
class LivePageTest {
    private static final String JAVASCRIPT = "^(text|application)/javascript(;.*)?$";

    @RegisterExtension
    final RealtimeFixture fixture =
            RealtimeFixture.perTest(started -> started.write("orders.yml", "server:\n  port: 8081\n"));

    @Test
    void root_servesThePage_withItsRootElementAndScript() {
        HttpResponse<String> response = fixture.http().get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).startsWith("text/html");
        assertThat(response.body()).contains("id=\"app\"").contains("src=\"/ui/app.js\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.js", "jsonpatch.js"})
    void scripts_areServedAsJavaScript_fromTheWebroot(String name) throws IOException {
        HttpResponse<String> response = fixture.http().get("/ui/" + name);

        assertThat(response.statusCode()).isEqualTo(200);
        // Browsers refuse an ES module served with any other type.
        assertThat(contentType(response)).matches(JAVASCRIPT);
        assertThat(response.body()).isEqualTo(resource("webroot/" + name));
    }

    @Test
    void stylesheet_isServedAsCss() {
        HttpResponse<String> response = fixture.http().get("/ui/style.css");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).startsWith("text/css");
    }

    @Test
    void unknownAsset_isNotFound() {
        assertThat(fixture.http().get("/ui/nothing-here.js").statusCode()).isEqualTo(404);
    }

    /** logback.xml sits next to the webroot on the classpath: no path under /ui/ may reach it. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/ui/../logback.xml",
                "/ui/%2e%2e/logback.xml",
                "/ui/..%2flogback.xml",
                "/ui/%252e%252e/logback.xml"
            })
    void assets_cannotEscapeTheWebroot(String rawPath) {
        String response = fixture.http().rawGet(rawPath);

        assertThat(response).doesNotStartWith("HTTP/1.1 200").doesNotContain("<configuration");
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LivePageTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("classpath resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package dev.vortex.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.config.server.EnableConfigServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real Spring Cloud Config Server (the {@code spring-cloud-config-server} jar from Maven Central), running
 * in this JVM on a free port: the reference that the differential test holds Vortex to.
 */
final class SpringCloudConfigServer implements AutoCloseable {

    /**
     * The server's application class. Deliberately not a {@code @Configuration}, so that the client
     * applications of the other tests in this package do not pick it up when they scan for components.
     */
    @EnableAutoConfiguration
    @EnableConfigServer
    static class ServerApplication {}

    private final ConfigurableApplicationContext context;

    private SpringCloudConfigServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts a server with {@code properties} (e.g. {@code spring.profiles.active=native}) on a free port.
     *
     * @param properties Spring properties of the server, as on its command line
     */
    static SpringCloudConfigServer start(Map<String, String> properties) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        args.add("--server.address=127.0.0.1");
        // Keeps the test's own application.properties (a client's logging settings) out of the server.
        args.add("--spring.config.name=spring-cloud-config-server-under-test");
        args.add("--spring.application.name=configserver");
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ServerApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .run(args.toArray(String[]::new));
        return new SpringCloudConfigServer(context);
    }

    String url() {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        context.close();
    }
}

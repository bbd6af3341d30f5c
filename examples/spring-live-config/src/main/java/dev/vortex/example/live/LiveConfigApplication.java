package dev.vortex.example.live;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** A Spring Boot service whose configuration comes from Vortex and changes while it runs. See README.md. */
@SpringBootApplication
@EnableConfigurationProperties(OrdersProperties.class)
public class LiveConfigApplication {
    public static void main(String[] args) {
        SpringApplication.run(LiveConfigApplication.class, args);
    }
}

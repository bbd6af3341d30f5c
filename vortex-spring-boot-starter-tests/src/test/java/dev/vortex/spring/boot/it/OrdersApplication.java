package dev.vortex.spring.boot.it;

import dev.vortex.spring.boot.VortexConfigChangedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The application the tests run: a {@code @ConfigurationProperties} bean, a {@code @RefreshScope} bean and a listener
 * of {@link VortexConfigChangedEvent}. No component scan, so the tests' applications never see each other's beans.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(OrdersApplication.OrdersProperties.class)
@Import({OrdersApplication.Greeting.class, OrdersApplication.RecordedChanges.class})
class OrdersApplication {

    /** Runs the application without a web server; {@code args} are command-line arguments. */
    static ConfigurableApplicationContext run(String... args) {
        return run(WebApplicationType.NONE, args);
    }

    static ConfigurableApplicationContext run(WebApplicationType web, String... args) {
        return new SpringApplicationBuilder(OrdersApplication.class).web(web).run(args);
    }

    @ConfigurationProperties("orders")
    static class OrdersProperties {
        private int maxItems;
        private List<String> currencies = List.of();

        public int getMaxItems() {
            return maxItems;
        }

        public void setMaxItems(int maxItems) {
            this.maxItems = maxItems;
        }

        public List<String> getCurrencies() {
            return currencies;
        }

        public void setCurrencies(List<String> currencies) {
            this.currencies = currencies;
        }
    }

    /** Built anew after each refresh, from {@code @Value}: the classic {@code @RefreshScope} bean. */
    @RefreshScope
    static class Greeting {
        @Value("${orders.greeting:none}")
        private String text;

        public String text() {
            return text;
        }
    }

    static class RecordedChanges implements ApplicationListener<VortexConfigChangedEvent> {
        final List<VortexConfigChangedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(VortexConfigChangedEvent event) {
            events.add(event);
        }
    }
}

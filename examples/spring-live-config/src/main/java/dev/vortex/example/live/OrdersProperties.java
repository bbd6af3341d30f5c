package dev.vortex.example.live;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code orders.*}: rebound in place on every change (the same instance, new values). */
@ConfigurationProperties("orders")
public class OrdersProperties {
    private int maxItems = 100;
    private List<String> currencies = new ArrayList<>();
    private final Retry retry = new Retry();

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

    public Retry getRetry() {
        return retry;
    }

    /** {@code orders.retry.*}. */
    public static class Retry {
        private int attempts = 1;

        public int getAttempts() {
            return attempts;
        }

        public void setAttempts(int attempts) {
            this.attempts = attempts;
        }
    }
}

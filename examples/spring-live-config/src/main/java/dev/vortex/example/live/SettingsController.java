package dev.vortex.example.live;

import dev.vortex.client.VortexClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /settings}: what the beans hold right now; call it again after an edit. */
@RestController
public class SettingsController {
    private final OrdersProperties orders;
    private final Greeting greeting;
    private final ObjectProvider<VortexClient> vortex;

    public SettingsController(OrdersProperties orders, Greeting greeting, ObjectProvider<VortexClient> vortex) {
        this.orders = orders;
        this.greeting = greeting;
        this.vortex = vortex;
    }

    @GetMapping("/settings")
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("orders.max-items", orders.getMaxItems());
        settings.put("orders.currencies", orders.getCurrencies());
        settings.put("orders.retry.attempts", orders.getRetry().getAttempts());
        settings.put("greeting", greeting.text());
        settings.put("feature.new-checkout", greeting.newCheckout());
        VortexClient client = vortex.getIfAvailable();
        settings.put("vortex.version", client == null ? null : client.version());
        return settings;
    }
}

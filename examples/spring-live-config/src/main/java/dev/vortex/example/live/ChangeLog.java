package dev.vortex.example.live;

import dev.vortex.spring.boot.VortexConfigChangedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** One log line per changed property, and what the beans hold afterwards (they are refreshed before the event). */
@Component
public class ChangeLog {
    private static final Logger log = LoggerFactory.getLogger(ChangeLog.class);

    private final OrdersProperties orders;
    private final Greeting greeting;

    public ChangeLog(OrdersProperties orders, Greeting greeting) {
        this.orders = orders;
        this.greeting = greeting;
    }

    @EventListener
    public void onChange(VortexConfigChangedEvent event) {
        event.changes()
                .forEach(change -> log.info(
                        "{} {}: {} -> {}",
                        switch (change.kind()) {
                            case ADDED -> "+";
                            case REMOVED -> "-";
                            case MODIFIED -> "~";
                        },
                        change.name(),
                        change.oldValue(),
                        change.newValue()));
        log.info(
                "now: orders.max-items={} orders.currencies={} greeting='{}' (version {})",
                orders.getMaxItems(),
                orders.getCurrencies(),
                greeting.text(),
                event.newVersion());
    }
}

package dev.vortex.spring.boot;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes the connections a failed start opened and no application context took over (the start failed before the
 * starter's beans existed), so a failed start leaves no WebSocket or client thread behind.
 */
public class VortexStartupFailureListener implements ApplicationListener<ApplicationFailedEvent> {
    @Override
    public void onApplicationEvent(ApplicationFailedEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        if (context != null) {
            VortexChangeApplier.connectionsOf(context.getEnvironment())
                    .forEach(VortexConnections.RUNNING::closeIfUnclaimed);
        }
    }
}

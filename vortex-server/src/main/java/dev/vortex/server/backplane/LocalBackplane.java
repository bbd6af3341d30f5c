package dev.vortex.server.backplane;

import dev.vortex.server.config.ConfigChangeEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The backplane of a single instance: a publish calls each receiver directly, on the publishing thread. */
public final class LocalBackplane implements Backplane {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackplane.class);

    private final List<Consumer<ConfigChangeEvent>> receivers = new CopyOnWriteArrayList<>();

    @Override
    public void publish(ConfigChangeEvent event) {
        for (Consumer<ConfigChangeEvent> receiver : receivers) {
            try {
                receiver.accept(event);
            } catch (RuntimeException e) {
                LOG.error("a change receiver failed for {}", event.key(), e);
            }
        }
    }

    @Override
    public void subscribe(Consumer<ConfigChangeEvent> receiver) {
        receivers.add(receiver);
    }

    @Override
    public void close() {
        receivers.clear();
    }
}

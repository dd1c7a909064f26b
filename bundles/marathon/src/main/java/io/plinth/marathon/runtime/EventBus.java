package io.plinth.marathon.runtime;

import io.plinth.marathon.api.EventStream;
import io.plinth.marathon.api.MarathonEvent;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Marathon event stream: one dispatcher thread hands each published event to every
 * subscriber in order, so the scheduler never waits for a slow reader.
 */
@Component(service = EventStream.class)
public final class EventBus implements EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final CopyOnWriteArrayList<Consumer<MarathonEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "plinth-marathon-events");
        t.setDaemon(true);
        return t;
    });

    @Override
    public AutoCloseable subscribe(Consumer<MarathonEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public boolean hasSubscribers() {
        return !listeners.isEmpty();
    }

    @Override
    public void publish(MarathonEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            dispatcher.execute(() -> {
                for (Consumer<MarathonEvent> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("An event listener failed on {}", event.eventType(), e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    @Deactivate
    void close() {
        dispatcher.shutdownNow();
        listeners.clear();
    }
}

package io.plinth.marathon.rest;

import io.plinth.marathon.api.EventStream;
import io.plinth.marathon.api.MarathonEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Publishes what the test hands it to every subscriber, on the test's thread. */
final class FakeEventStream implements EventStream {

    private final Set<Consumer<MarathonEvent>> listeners = ConcurrentHashMap.newKeySet();

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
        listeners.forEach(listener -> listener.accept(event));
    }

    void publish(String type, String json) {
        publish(new MarathonEvent(type, json));
    }

    int subscribers() {
        return listeners.size();
    }
}

package io.plinth.marathon.framework;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** Writes every callback as one line, in the order received, and the reader thread of each. */
final class RecordingListener implements SchedulerListener {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    List<String> events() {
        return List.copyOf(events);
    }

    List<String> threads() {
        return List.copyOf(threads);
    }

    long count(String prefix) {
        return events.stream().filter(event -> event.startsWith(prefix)).count();
    }

    private void record(String event) {
        events.add(event);
        threads.add(Thread.currentThread().getName());
    }

    @Override
    public void subscribed(String frameworkId, double heartbeatIntervalSeconds) {
        record("subscribed " + frameworkId + " " + heartbeatIntervalSeconds);
    }

    @Override
    public void offers(List<Offer> offers) {
        record("offers " + offers.stream().map(offer -> offer.getId().getValue()).collect(Collectors.joining(",")));
    }

    @Override
    public void rescinded(String offerId) {
        record("rescinded " + offerId);
    }

    @Override
    public void update(TaskStatus status) {
        record("update " + status.getTaskId().getValue() + " " + status.getState());
    }

    @Override
    public void failure(Event.Failure failure) {
        record("failure " + failure.getAgentId().getValue());
    }

    @Override
    public void error(String message) {
        record("error " + message);
    }

    @Override
    public void frameworkRemoved(String frameworkId, String message) {
        record("removed " + frameworkId);
    }

    @Override
    public void disconnected() {
        record("disconnected");
    }
}

package io.plinth.master.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.master.operator.testing.FakeResourceManager;
import io.plinth.master.operator.testing.Fixtures;
import io.plinth.mesos.api.wire.ProtobufJson;
import io.plinth.mesos.api.wire.RecordIo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.master.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    private final FakeResourceManager manager = new FakeResourceManager();
    private final List<EventStream> ended = new CopyOnWriteArrayList<>();
    private final List<Thread> writers = new CopyOnWriteArrayList<>();
    /** One thread reads: a pipe fails its writer once the thread that last read has died. */
    private final ExecutorService readerThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopWriters() throws InterruptedException {
        for (Thread writer : writers) {
            writer.interrupt();
            writer.join(5000);
        }
        readerThread.shutdownNow();
    }

    /** The stream writing into a pipe on its own thread, as the HTTP request's thread would. */
    private RecordIo.Reader run(EventStream stream) throws IOException {
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread writer = new Thread(() -> {
            try {
                stream.writeTo(out);
            } finally {
                try {
                    out.close();
                } catch (IOException e) {
                    // the reader went away
                }
            }
        }, "stream-writer");
        writers.add(writer);
        writer.start();
        return new RecordIo.Reader(in);
    }

    private Optional<byte[]> next(RecordIo.Reader reader) throws Exception {
        return readerThread.submit(reader::next).get(10, TimeUnit.SECONDS);
    }

    private Event nextJson(RecordIo.Reader reader) throws Exception {
        byte[] record = next(reader).orElseThrow(() -> new AssertionError("the stream ended"));
        return ProtobufJson.parse(new String(record, StandardCharsets.UTF_8), Event.class);
    }

    private static Event taskUpdated(String taskId) {
        return Event.newBuilder().setType(Event.Type.TASK_UPDATED).setTaskUpdated(Event.TaskUpdated.newBuilder()
                .setFrameworkId(Fixtures.frameworkId("fw-1"))
                .setStatus(Fixtures.status(taskId, TaskState.TASK_RUNNING, 1))
                .setState(TaskState.TASK_RUNNING)).build();
    }

    private EventStream stream(Encoding encoding, Duration heartbeat, int capacity) {
        return new EventStream(manager, encoding, heartbeat, capacity, ended::add);
    }

    @Test
    void subscribedComesFirstWithTheHeartbeatIntervalThenEventsInOrder() throws Exception {
        EventStream stream = stream(Encoding.JSON, Duration.ofSeconds(30), 100);
        stream.open();
        RecordIo.Reader reader = run(stream);

        Event subscribed = nextJson(reader);
        assertEquals(Event.Type.SUBSCRIBED, subscribed.getType());
        assertEquals(30.0, subscribed.getSubscribed().getHeartbeatIntervalSeconds());
        assertEquals(Fixtures.state(), subscribed.getSubscribed().getGetState());

        manager.publish(taskUpdated("a"));
        manager.publish(taskUpdated("b"));
        assertEquals("a", nextJson(reader).getTaskUpdated().getStatus().getTaskId().getValue());
        assertEquals("b", nextJson(reader).getTaskUpdated().getStatus().getTaskId().getValue());
    }

    @Test
    void heartbeatsFollowAtTheInterval() throws Exception {
        EventStream stream = stream(Encoding.JSON, Duration.ofMillis(100), 100);
        stream.open();
        // heartbeats are timed from SUBSCRIBED, which is sent after this
        long start = System.nanoTime();
        RecordIo.Reader reader = run(stream);

        assertEquals(0.1, nextJson(reader).getSubscribed().getHeartbeatIntervalSeconds());
        assertEquals(Event.Type.HEARTBEAT, nextJson(reader).getType());
        assertEquals(Event.Type.HEARTBEAT, nextJson(reader).getType());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis >= 200, "the second heartbeat came " + elapsedMillis + " ms after subscribing");
    }

    @Test
    void aHeartbeatIntervalTheMasterStatesIsKept() throws Exception {
        manager.subscribedHeartbeatSeconds(0.05);
        EventStream stream = stream(Encoding.JSON, Duration.ofHours(1), 100);
        stream.open();
        RecordIo.Reader reader = run(stream);

        assertEquals(0.05, nextJson(reader).getSubscribed().getHeartbeatIntervalSeconds());
        assertEquals(Event.Type.HEARTBEAT, nextJson(reader).getType(), "sent at the master's interval, not an hour later");
    }

    @Test
    void protobufRecordsAreEventMessages() throws Exception {
        EventStream stream = stream(Encoding.PROTOBUF, Duration.ofSeconds(30), 100);
        stream.open();
        RecordIo.Reader reader = run(stream);

        Event subscribed = Event.parseFrom(next(reader).orElseThrow());
        assertEquals(Event.Type.SUBSCRIBED, subscribed.getType());
        manager.publish(taskUpdated("a"));
        assertEquals(Event.Type.TASK_UPDATED, Event.parseFrom(next(reader).orElseThrow()).getType());
    }

    @Test
    void closingEndsTheStreamCleanlyAndUnsubscribes() throws Exception {
        EventStream stream = stream(Encoding.JSON, Duration.ofSeconds(30), 100);
        stream.open();
        RecordIo.Reader reader = run(stream);
        nextJson(reader);
        assertEquals(1, manager.subscribers());

        stream.close();

        assertEquals(Optional.empty(), next(reader), "the stream ends between records");
        assertEquals(0, manager.subscribers());
        assertEquals(1, manager.closedSubscriptions());
        writers.get(0).join(5000);
        assertEquals(List.of(stream), ended);
        stream.close(); // twice is harmless
        assertEquals(1, manager.closedSubscriptions());
    }

    @Test
    void aClientThatGoesAwayEndsTheStream() throws Exception {
        EventStream stream = stream(Encoding.JSON, Duration.ofMillis(50), 100);
        stream.open();
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };

        CompletableFuture.runAsync(() -> stream.writeTo(gone)).get(10, TimeUnit.SECONDS);

        assertTrue(stream.isClosed());
        assertEquals(1, manager.closedSubscriptions());
        assertEquals(List.of(stream), ended);
    }

    @Test
    void aClientTooSlowForTheEventsEndsTheStream() throws Exception {
        EventStream stream = stream(Encoding.JSON, Duration.ofSeconds(30), 3);
        stream.open(); // SUBSCRIBED waits: 1
        manager.publish(taskUpdated("a"));
        manager.publish(taskUpdated("b"));
        assertTrue(!stream.isClosed());
        manager.publish(taskUpdated("c")); // 4 > 3

        assertTrue(stream.isClosed());
        assertEquals(1, manager.closedSubscriptions());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.writeTo(out);
        assertEquals(0, out.size(), "nothing more is sent once the stream is closed");
        assertEquals(List.of(stream), ended);
    }

    @Test
    void failingToSubscribeEndsTheStreamAndIsReported() {
        manager.failing();
        EventStream stream = stream(Encoding.JSON, Duration.ofSeconds(30), 3);
        assertThrows(IllegalStateException.class, stream::open);
        assertTrue(stream.isClosed());
        assertEquals(List.of(stream), ended);
    }

    @Test
    void aFirstEventOtherThanSubscribedEndsTheStream() throws Exception {
        FakeResourceManager wrong = new FakeResourceManager() {
            @Override
            public AutoCloseable subscribe(Consumer<Event> listener) {
                listener.accept(taskUpdated("early"));
                return () -> { };
            }
        };
        EventStream stream = new EventStream(wrong, Encoding.JSON, Duration.ofSeconds(30), 10, ended::add);
        stream.open();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture.runAsync(() -> stream.writeTo(out)).get(10, TimeUnit.SECONDS);
        assertEquals(0, out.size());
        assertEquals(List.of(stream), ended);
    }
}

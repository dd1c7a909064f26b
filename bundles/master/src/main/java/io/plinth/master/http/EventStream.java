package io.plinth.master.http;

import io.plinth.mesos.api.wire.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One chunked RecordIO response that stays open: records queued from any thread are written and
 * flushed by the HTTP thread that serves the response, until {@link #close()} or until the client
 * goes away (then {@code onGone} runs once).
 */
public final class EventStream {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Runnable onGone;
    private volatile boolean closed;

    public EventStream(Runnable onGone) {
        this.onGone = onGone;
    }

    /** Queues one record; dropped once the stream is closed. */
    public void send(byte[] record) {
        if (!closed) {
            queue.add(RecordIo.frame(record));
        }
    }

    /** Ends the response after the records already queued. Safe to call twice. */
    public void close() {
        if (!closed) {
            closed = true;
            queue.add(END);
        }
    }

    public boolean closed() {
        return closed;
    }

    /** Writes the records to {@code output} until the stream is closed or the client is gone; on the serving thread. */
    public void write(OutputStream output) {
        try {
            while (true) {
                byte[] frame = queue.poll(5, TimeUnit.SECONDS);
                if (frame == END) {
                    break;
                }
                if (frame != null) {
                    output.write(frame);
                    // drain what else is queued before the flush: one chunk per burst, not per record
                    byte[] next;
                    while ((next = queue.peek()) != null && next != END) {
                        output.write(queue.poll());
                    }
                }
                output.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            closed = true;
            queue.clear();
            onGone.run();
        }
    }
}

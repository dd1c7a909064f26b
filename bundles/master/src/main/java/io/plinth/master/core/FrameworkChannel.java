package io.plinth.master.core;

import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The master's end of one framework's SUBSCRIBE stream. Implementations encode and queue; they never
 * block the master thread. A channel that finds its connection gone reports it through
 * {@link Master#frameworkDisconnected}.
 */
public interface FrameworkChannel {

    /** The stream id sent in the {@code Mesos-Stream-Id} header of the SUBSCRIBE answer. */
    String streamId();

    void send(Event event);

    /** Ends the stream; safe to call twice. */
    void close();
}

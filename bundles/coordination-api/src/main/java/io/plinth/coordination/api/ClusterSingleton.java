package io.plinth.coordination.api;

/**
 * Leader-only work. Register an implementation as an OSGi service with the service property
 * {@value #GROUP} naming its election group ({@code mesos}, {@code marathon}, {@code metronome}, ...).
 * The coordination bundle enters this node into the group's election while at least one singleton
 * of the group is registered, and leaves it when the last one goes away.
 *
 * <p>Contract: {@link #start()} is called when this node is elected, {@link #stop()} when leadership
 * is lost (a ZooKeeper connection suspended or a session lost counts as lost), when the singleton's
 * service is unregistered while leading, or when coordination shuts down. Calls for one group come
 * from one thread, strictly alternate (start, stop, start, ...) and never overlap. If {@code start}
 * throws, the node gives up leadership and re-enters the election after a back-off.
 */
public interface ClusterSingleton {

    /** Service property naming the election group of this singleton. */
    String GROUP = "plinth.singleton.group";

    /** This node now leads the group: begin leader-only work. Must not block for long. */
    void start() throws Exception;

    /** Leadership is gone: stop leader-only work promptly. Must be safe to call more than once. */
    void stop();
}

package io.plinth.dns.core;

/**
 * The data of one SRV record. {@code target} is a lower-case FQDN with its trailing dot (added if missing).
 * Mesos-DNS always answers priority 0 and weight 0; the fields exist so that the wire encoder need not know.
 */
public record Srv(String target, int port, int priority, int weight) {

    public Srv {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target: must not be blank");
        }
        target = Records.normalise(target);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: must be in [0, 65535], was " + port);
        }
        if (priority < 0 || priority > 65535) {
            throw new IllegalArgumentException("priority: must be in [0, 65535], was " + priority);
        }
        if (weight < 0 || weight > 65535) {
            throw new IllegalArgumentException("weight: must be in [0, 65535], was " + weight);
        }
    }

    /** An SRV with Mesos-DNS's priority 0 and weight 0. */
    public static Srv of(String target, int port) {
        return new Srv(target, port, 0, 0);
    }

    @Override
    public String toString() {
        return priority + " " + weight + " " + port + " " + target;
    }
}

package io.plinth.itests.mesos;

import java.util.List;

/**
 * One event of the scheduler stream, reduced to what the tests look at, the same for both encodings.
 *
 * @param type             the Event type by name ({@code SUBSCRIBED}, {@code OFFERS}, {@code UPDATE}, ...)
 * @param frameworkId      SUBSCRIBED's framework id, else null
 * @param heartbeatSeconds SUBSCRIBED's heartbeat interval, else null
 * @param offers           OFFERS' offers, else empty
 * @param update           UPDATE's status, else null
 * @param rescindedOfferId RESCIND's offer id, else null
 * @param message          ERROR's message, else null
 * @param text             the event as received (JSON, or protobuf text format), for failure messages
 */
record SchedulerEvent(String type, String frameworkId, Double heartbeatSeconds, List<Offer> offers, Update update,
                      String rescindedOfferId, String message, String text) {

    /**
     * An offer.
     *
     * @param source the offer as decoded (a Jackson node or a protobuf Offer), so that a LAUNCH can
     *               copy the offered resources' role and allocation info as real frameworks do
     */
    record Offer(String id, String agentId, String hostname, double cpus, double mem, Object source) {

        @Override
        public String toString() {
            return "Offer[" + id + " on " + agentId + " (" + hostname + "): cpus " + cpus + ", mem " + mem + "]";
        }
    }

    /**
     * A task status update.
     *
     * @param uuid          Base64 of the status uuid; null when the update need not be acknowledged
     * @param receivedNanos {@link System#nanoTime()} when the client read it
     */
    record Update(String taskId, String agentId, String state, String reason, String source, String message,
                  String uuid, long receivedNanos) {
    }

    /**
     * A task to launch: {@code cpus} and {@code mem} are taken from an offer, the command runs in a shell.
     */
    record TaskSpec(String id, String name, double cpus, double mem, String command) {
    }
}

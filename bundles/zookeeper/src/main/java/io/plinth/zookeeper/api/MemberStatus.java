package io.plinth.zookeeper.api;

import java.util.Objects;

/**
 * One member of the ensemble as Exhibitor's status API shows it; the component names are the JSON
 * field names of {@code GET /exhibitor/v1/cluster/status}.
 *
 * @param hostname    address of the member as the ensemble configuration names it
 * @param code        Exhibitor's state code: {@link #LATENT}, {@link #DOWN}, {@link #NOT_SERVING} or
 *                    {@link #SERVING}
 * @param description Exhibitor's word for the code: {@code latent}, {@code down}, {@code not serving},
 *                    {@code serving}
 * @param isLeader    whether the member leads the ensemble; a standalone server leads itself
 */
public record MemberStatus(String hostname, int code, String description, boolean isLeader) {

    /** State not known yet. */
    public static final int LATENT = 0;
    /** Nothing accepts connections at the member's client port. */
    public static final int DOWN = 1;
    /** The server process answers but does not serve clients (electing a leader, or failed). */
    public static final int NOT_SERVING = 2;
    /** The member serves clients, as leader, follower, observer or standalone. */
    public static final int SERVING = 3;

    public MemberStatus {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(description, "description");
    }
}

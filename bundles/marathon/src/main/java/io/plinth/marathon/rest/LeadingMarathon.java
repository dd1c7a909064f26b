package io.plinth.marathon.rest;

import io.plinth.marathon.api.Marathon;
import io.plinth.rest.api.ApiException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link Marathon} service of this master, present only while it leads. Each resource component
 * binds and unbinds it through its dynamic reference, on DS threads; request threads read it.
 * Thread-safe.
 */
public final class LeadingMarathon {

    /** Answer when neither this master leads nor a leader is known; the proxy filter answers the same. */
    public static final String NO_LEADER = "Could not determine the current leader";

    private final AtomicReference<Marathon> marathon = new AtomicReference<>();

    public void bind(Marathon service) {
        marathon.set(service);
    }

    /** {@code service} went away; a newer binding is kept. */
    public void unbind(Marathon service) {
        marathon.compareAndSet(service, null);
    }

    public Optional<Marathon> get() {
        return Optional.ofNullable(marathon.get());
    }

    /**
     * The service, for a request the proxy filter let through because this master led then.
     *
     * @throws ApiException 503 when leadership was lost in between: the client retries and is proxied
     */
    public Marathon require() {
        Marathon service = marathon.get();
        if (service == null) {
            throw new ApiException(503, NO_LEADER);
        }
        return service;
    }
}

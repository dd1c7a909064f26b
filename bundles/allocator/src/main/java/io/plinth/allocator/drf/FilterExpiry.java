package io.plinth.allocator.drf;

import java.time.Instant;
import java.util.Comparator;

/** When a framework's decline filter for an agent runs out. */
record FilterExpiry(Instant until, Framework framework, String agentId) {

    static final Comparator<FilterExpiry> ORDER = Comparator.comparing(FilterExpiry::until);
}

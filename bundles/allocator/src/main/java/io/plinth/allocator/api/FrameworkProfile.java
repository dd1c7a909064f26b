package io.plinth.allocator.api;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the allocator needs to know of a framework: the roles it subscribes to. A classic framework
 * has one ({@code *} when it named none); a MULTI_ROLE framework may have several and gets separate
 * offers per role.
 */
public record FrameworkProfile(Set<String> roles) {

    public FrameworkProfile {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("a framework needs at least one role");
        }
        for (String role : roles) {
            if (role == null || role.isBlank()) {
                throw new IllegalArgumentException("blank role in " + roles);
            }
        }
        roles = Collections.unmodifiableSortedSet(new TreeSet<>(roles));
    }

    public static FrameworkProfile of(String... roles) {
        return new FrameworkProfile(Set.of(roles));
    }
}

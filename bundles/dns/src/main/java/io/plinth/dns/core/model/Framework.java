package io.plinth.dns.core.model;

/** A registered framework: its FrameworkID value and the name it registered with (unsanitised). */
public record Framework(String id, String name) {
}

package io.plinth.mesos.api.resources;

import java.util.Objects;

/** A named property of an agent, as Mesos' {@code Attribute}: {@code rack:a}, {@code level:3}. */
public record Attribute(String name, AttributeValue value) {

    public Attribute {
        Syntax.requireName("attribute name", name);
        Objects.requireNonNull(value, "value");
    }

    /** {@code name:value}, one entry of {@link Attributes#parse}. */
    @Override
    public String toString() {
        return name + ":" + value.text();
    }
}

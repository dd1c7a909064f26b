package io.plinth.mesos.api.resources;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;

/**
 * An agent's attributes: an immutable list in the order given, as Mesos keeps them. Text syntax
 * ({@link #parse}): {@code rack:a;zone:west;level:3;r:[1-2];disks:{ssd,hdd}}; a value is ranges
 * when bracketed, a set when braced, a scalar when it is a number, text otherwise.
 */
public final class Attributes implements Iterable<Attribute> {

    private static final Attributes EMPTY = new Attributes(List.of());

    private final List<Attribute> attributes;

    private Attributes(List<Attribute> attributes) {
        this.attributes = attributes;
    }

    public static Attributes empty() {
        return EMPTY;
    }

    public static Attributes of(List<Attribute> attributes) {
        return attributes.isEmpty() ? EMPTY : new Attributes(List.copyOf(attributes));
    }

    /**
     * Parses Mesos' attribute syntax. Empty entries are ignored.
     *
     * @throws IllegalArgumentException naming the offending entry
     */
    public static Attributes parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Attribute> out = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                out.add(parseEntry(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad attribute entry '" + entry + "': " + e.getMessage(), e);
            }
        }
        return of(out);
    }

    private static Attribute parseEntry(String entry) {
        int colon = entry.indexOf(':');
        if (colon < 0 || entry.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("expected name:value");
        }
        String name = entry.substring(0, colon).strip();
        String value = entry.substring(colon + 1).strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("missing value");
        }
        char first = value.charAt(0);
        char last = value.charAt(value.length() - 1);
        AttributeValue parsed;
        if (first == '[' || last == ']') {
            if (first != '[' || last != ']') {
                throw new IllegalArgumentException("unbalanced brackets in " + value);
            }
            parsed = new AttributeValue.Ranges(Syntax.parseRanges(value));
        } else if (first == '{' || last == '}') {
            if (first != '{' || last != '}') {
                throw new IllegalArgumentException("unbalanced braces in " + value);
            }
            parsed = new AttributeValue.Set(Syntax.parseItems(value));
        } else if (Syntax.isNumber(value)) {
            parsed = new AttributeValue.Scalar(Double.parseDouble(value));
        } else if (value.startsWith("-") && Syntax.isNumber(value.substring(1))) {
            parsed = new AttributeValue.Scalar(-Double.parseDouble(value.substring(1)));
        } else {
            parsed = new AttributeValue.Text(value);
        }
        return new Attribute(name, parsed);
    }

    /** Reads Mesos v1 protobuf attributes. @throws IllegalArgumentException naming a bad attribute */
    public static Attributes fromProto(Iterable<Protos.Attribute> attributes) {
        List<Attribute> out = new ArrayList<>();
        for (Protos.Attribute p : attributes) {
            try {
                AttributeValue value = switch (p.getType()) {
                    case TEXT -> new AttributeValue.Text(p.getText().getValue());
                    case SCALAR -> new AttributeValue.Scalar(p.getScalar().getValue());
                    case RANGES -> new AttributeValue.Ranges(p.getRanges().getRangeList().stream()
                            .map(r -> new Range(r.getBegin(), r.getEnd())).toList());
                    case SET -> AttributeValue.Set.of(p.getSet().getItemList());
                };
                out.add(new Attribute(p.getName(), value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad attribute '" + p.getName() + "': " + e.getMessage(), e);
            }
        }
        return of(out);
    }

    /** These attributes as Mesos v1 protobuf attributes, in order. */
    public List<Protos.Attribute> toProto() {
        List<Protos.Attribute> out = new ArrayList<>(attributes.size());
        for (Attribute a : attributes) {
            Protos.Attribute.Builder b = Protos.Attribute.newBuilder().setName(a.name());
            AttributeValue value = a.value();
            if (value instanceof AttributeValue.Text t) {
                b.setType(Protos.Value.Type.TEXT).setText(Protos.Value.Text.newBuilder().setValue(t.value()));
            } else if (value instanceof AttributeValue.Scalar s) {
                b.setType(Protos.Value.Type.SCALAR).setScalar(Protos.Value.Scalar.newBuilder().setValue(s.value()));
            } else if (value instanceof AttributeValue.Ranges r) {
                Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
                for (Range range : r.ranges()) {
                    ranges.addRange(Protos.Value.Range.newBuilder().setBegin(range.begin()).setEnd(range.end()));
                }
                b.setType(Protos.Value.Type.RANGES).setRanges(ranges);
            } else if (value instanceof AttributeValue.Set s) {
                b.setType(Protos.Value.Type.SET).setSet(Protos.Value.Set.newBuilder().addAllItem(s.items()));
            }
            out.add(b.build());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The JSON object Mesos' {@code /master/state} shows for an agent's attributes: text as a
     * string, scalars as doubles, ranges and sets as Mesos prints them ({@code "[1-2, 5-6]"},
     * {@code "{a, b}"}). A repeated name shows its last value, as in Mesos. Unmodifiable.
     */
    public Map<String, Object> toStateJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Attribute a : attributes) {
            AttributeValue v = a.value();
            Object value;
            if (v instanceof AttributeValue.Text t) {
                value = t.value();
            } else if (v instanceof AttributeValue.Scalar s) {
                value = s.value();
            } else if (v instanceof AttributeValue.Ranges r) {
                value = Syntax.formatRanges(r.ranges(), ", ");
            } else {
                value = Syntax.formatItems(((AttributeValue.Set) v).items(), ", ");
            }
            json.put(a.name(), value);
        }
        return Collections.unmodifiableMap(json);
    }

    /** The first attribute with that name. */
    public Optional<AttributeValue> get(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst();
    }

    public List<Attribute> asList() {
        return attributes;
    }

    public boolean isEmpty() {
        return attributes.isEmpty();
    }

    public int size() {
        return attributes.size();
    }

    public Stream<Attribute> stream() {
        return attributes.stream();
    }

    @Override
    public Iterator<Attribute> iterator() {
        return attributes.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Attributes other && attributes.equals(other.attributes);
    }

    @Override
    public int hashCode() {
        return attributes.hashCode();
    }

    /** Mesos' text syntax, readable by {@link #parse}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Attribute a : attributes) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(a);
        }
        return out.toString();
    }
}

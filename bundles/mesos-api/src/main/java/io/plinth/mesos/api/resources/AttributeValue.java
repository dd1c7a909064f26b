package io.plinth.mesos.api.resources;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The value of an agent {@link Attribute}, one of Mesos' four value kinds. Attributes describe an
 * agent (rack, zone, os); they are not consumed by tasks, so they have no roles and no arithmetic.
 */
public sealed interface AttributeValue {

    /** The value in Mesos' text syntax: {@code west}, {@code 3}, {@code [1-2]}, {@code {a,b}}. */
    String text();

    /** A word: {@code rack:a}. */
    record Text(String value) implements AttributeValue {
        public Text {
            Syntax.requireName("text value", value);
            if (Syntax.isNumber(value) || value.startsWith("-") && Syntax.isNumber(value.substring(1))) {
                // printed, it would be read back as a scalar: text and syntax must correspond one to one
                throw new IllegalArgumentException("text value '" + value + "' looks like a number");
            }
        }

        @Override
        public String text() {
            return value;
        }
    }

    /** A number, rounded to three decimals like resources: {@code level:3}, {@code offset:-2}. */
    record Scalar(double value) implements AttributeValue {
        public Scalar {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("scalar value " + value + " is not finite");
            }
            value = Syntax.round(value);
        }

        @Override
        public String text() {
            return Syntax.formatScalar(value);
        }
    }

    /** Integer ranges, coalesced: {@code r:[1-2,5-6]}. */
    record Ranges(List<Range> ranges) implements AttributeValue {
        public Ranges {
            ranges = Range.coalesce(Objects.requireNonNull(ranges, "ranges"));
        }

        @Override
        public String text() {
            return Syntax.formatRanges(ranges, ",");
        }
    }

    /** Distinct items, sorted: {@code disks:{ssd,hdd}}. */
    record Set(SortedSet<String> items) implements AttributeValue {
        public Set {
            TreeSet<String> copy = new TreeSet<>();
            for (String item : Objects.requireNonNull(items, "items")) {
                copy.add(Syntax.requireName("item '" + item + "'", item));
            }
            items = Collections.unmodifiableSortedSet(copy);
        }

        public static Set of(Collection<String> items) {
            return new Set(new TreeSet<>(items));
        }

        @Override
        public String text() {
            return Syntax.formatItems(items, ",");
        }
    }
}

package io.plinth.mesos.api.resources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * An inclusive range of non-negative integers, as Mesos' {@code Value.Range}: {@code 31000-32000}
 * holds 1001 values.
 */
public record Range(long begin, long end) {

    private static final Comparator<Range> BY_BEGIN = Comparator.comparingLong(Range::begin).thenComparingLong(Range::end);

    public Range {
        if (begin < 0) {
            throw new IllegalArgumentException("range begin " + begin + " is negative");
        }
        if (end < begin) {
            throw new IllegalArgumentException("range begin " + begin + " is greater than end " + end);
        }
    }

    /** How many values the range holds. */
    public long size() {
        return end - begin + 1;
    }

    public boolean contains(long value) {
        return value >= begin && value <= end;
    }

    /** {@code begin-end}, the form Mesos' text syntax uses. */
    @Override
    public String toString() {
        return begin + "-" + end;
    }

    // The helpers below work on "coalesced" lists: sorted by begin, neither overlapping nor adjacent.
    // Resource values keep their ranges in that form, so equal sets of values have equal lists.

    /** Sorts and merges overlapping and adjacent ranges; the result is unmodifiable. */
    static List<Range> coalesce(Collection<Range> ranges) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(BY_BEGIN);
        List<Range> out = new ArrayList<>(sorted.size());
        Range current = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            Range next = sorted.get(i);
            if (current.end == Long.MAX_VALUE || next.begin <= current.end + 1) {
                current = new Range(current.begin, Math.max(current.end, next.end));
            } else {
                out.add(current);
                current = next;
            }
        }
        out.add(current);
        return List.copyOf(out);
    }

    static boolean isCoalesced(List<Range> ranges) {
        for (int i = 1; i < ranges.size(); i++) {
            Range previous = ranges.get(i - 1);
            if (previous.end == Long.MAX_VALUE || ranges.get(i).begin <= previous.end + 1) {
                return false;
            }
        }
        return true;
    }

    static List<Range> union(List<Range> a, List<Range> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        List<Range> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return coalesce(all);
    }

    /** True if every value of {@code inner} is in {@code outer}; both coalesced. */
    static boolean covers(List<Range> outer, List<Range> inner) {
        int i = 0;
        for (Range r : inner) {
            // coalesced: a range of inner lies within at most one range of outer
            while (i < outer.size() && outer.get(i).end < r.begin) {
                i++;
            }
            if (i == outer.size() || outer.get(i).begin > r.begin || outer.get(i).end < r.end) {
                return false;
            }
        }
        return true;
    }

    /** The values of {@code a} that are not in {@code b}; both coalesced, the result too. */
    static List<Range> subtract(List<Range> a, List<Range> b) {
        if (b.isEmpty() || a.isEmpty()) {
            return a;
        }
        List<Range> out = new ArrayList<>(a.size() + 1);
        int j = 0;
        for (Range r : a) {
            long begin = r.begin;
            long end = r.end;
            boolean left = true;
            while (j < b.size() && b.get(j).end < begin) {
                j++;
            }
            int k = j;
            while (k < b.size() && b.get(k).begin <= end) {
                Range cut = b.get(k);
                if (cut.begin > begin) {
                    out.add(new Range(begin, cut.begin - 1));
                }
                if (cut.end >= end) {
                    left = false;
                    break;
                }
                begin = cut.end + 1;
                k++;
            }
            if (left) {
                out.add(new Range(begin, end));
            }
        }
        return List.copyOf(out);
    }
}

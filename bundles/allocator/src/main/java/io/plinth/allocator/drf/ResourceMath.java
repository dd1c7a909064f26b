package io.plinth.allocator.drf;

import io.plinth.mesos.api.resources.Range;
import io.plinth.mesos.api.resources.Resource;
import io.plinth.mesos.api.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Arithmetic the allocator needs beyond {@link Resources}' own. */
final class ResourceMath {

    private ResourceMath() {
    }

    /** What both hold: per name and role the smaller amount, the common ranges, the common items. */
    static Resources common(Resources a, Resources b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Resources.empty();
        }
        if (a.contains(b)) {
            return b;
        }
        if (b.contains(a)) {
            return a;
        }
        List<Resource> out = new ArrayList<>();
        for (Resource rb : b) {
            for (Resource ra : a) {
                if (!ra.name().equals(rb.name()) || !ra.role().equals(rb.role()) || ra.type() != rb.type()) {
                    continue;
                }
                switch (rb.type()) {
                    case SCALAR -> out.add(Resource.ofScalar(rb.name(), rb.role(), Math.min(ra.scalar(), rb.scalar())));
                    case RANGES -> out.add(Resource.ofRanges(rb.name(), rb.role(), intersect(ra.ranges(), rb.ranges())));
                    case SET -> {
                        TreeSet<String> items = new TreeSet<>(ra.items());
                        items.retainAll(rb.items());
                        out.add(Resource.ofSet(rb.name(), rb.role(), items));
                    }
                }
            }
        }
        return Resources.of(out);
    }

    private static List<Range> intersect(List<Range> a, List<Range> b) {
        List<Range> out = new ArrayList<>();
        for (Range x : a) {
            for (Range y : b) {
                long begin = Math.max(x.begin(), y.begin());
                long end = Math.min(x.end(), y.end());
                if (begin <= end) {
                    out.add(new Range(begin, end));
                }
            }
        }
        return out;
    }
}

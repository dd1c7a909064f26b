package io.plinth.allocator.drf;

import io.plinth.mesos.api.resources.Resource;
import io.plinth.mesos.api.resources.ResourceType;
import io.plinth.mesos.api.resources.Resources;

/**
 * Dominant shares are computed over cpus, mem, disk and gpus only: the resources every task asks
 * for and Mesos' sorter counts by default. Ports and custom names are not fungible quantities (a
 * share of a port range says little about demand), so they take no part in fairness.
 *
 * <p>Amounts are kept as longs in thousandths, Mesos' fixed point: adding and removing the same
 * offers many times returns to exactly the same vector, so ties between equal shares stay ties.
 */
final class Shares {

    static final int DIMENSIONS = 4;

    private Shares() {
    }

    /** cpus, mem, disk, gpus of {@code r} (all roles), in thousandths. */
    static long[] vector(Resources r) {
        long[] v = new long[DIMENSIONS];
        for (Resource e : r) {
            if (e.type() != ResourceType.SCALAR) {
                continue;
            }
            int i = index(e.name());
            if (i >= 0) {
                v[i] += Math.round(e.scalar() * 1000.0);
            }
        }
        return v;
    }

    static int index(String name) {
        return switch (name) {
            case "cpus" -> 0;
            case "mem" -> 1;
            case "disk" -> 2;
            case "gpus" -> 3;
            default -> -1;
        };
    }

    static void add(long[] into, long[] v) {
        for (int i = 0; i < DIMENSIONS; i++) {
            into[i] += v[i];
        }
    }

    static void subtract(long[] from, long[] v) {
        for (int i = 0; i < DIMENSIONS; i++) {
            from[i] -= v[i];
        }
    }

    /** The largest fraction of the cluster's total held, over the four dimensions. */
    static double dominant(long[] allocated, long[] total) {
        double share = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            if (total[i] > 0) {
                share = Math.max(share, allocated[i] / (double) total[i]);
            }
        }
        return share;
    }
}

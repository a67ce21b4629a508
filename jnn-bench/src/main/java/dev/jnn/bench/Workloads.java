package dev.jnn.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jnn side's registry of benchmark workloads, in table order. A new row is one entry in a family class (or a new
 * family added to {@link #families()}) plus the same name in the Python and DJL registries.
 */
public final class Workloads {

    private static final Map<String, Workload> BY_NAME = index();

    private Workloads() {}

    private static List<List<Workload>> families() {
        return List.of(GemmWorkloads.all(), ConvWorkloads.all(), ModelWorkloads.all());
    }

    private static Map<String, Workload> index() {
        var map = new LinkedHashMap<String, Workload>();
        for (List<Workload> family : families()) {
            for (Workload w : family) {
                if (map.put(w.name(), w) != null) {
                    throw new IllegalStateException("benchmark workload registered twice: " + w.name());
                }
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** Every registered workload, in table order. */
    public static List<Workload> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The named workloads in table order; an empty list selects all of them. */
    public static List<Workload> select(List<String> names) {
        if (names.isEmpty()) {
            return all();
        }
        var picked = new ArrayList<Workload>();
        for (String n : names) {
            Workload w = BY_NAME.get(n);
            if (w == null) {
                throw new IllegalArgumentException("unknown workload '" + n + "'; known: " + String.join(" ", BY_NAME.keySet()));
            }
            if (!picked.contains(w)) {
                picked.add(w);
            }
        }
        return picked;
    }
}

package dev.jnn.nn;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Module#loadState(Map, boolean)}: builds the lazy layers from the state's shapes, checks every name and shape
 * against the module tree (all problems in one message, nothing changed when there is one), then copies the values.
 */
final class StateLoading {

    private StateLoading() {}

    static void load(Module root, Map<String, Tensor> state, boolean strict) {
        buildLazyLayers(root, state);
        Map<String, Parameter> ps = root.namedParameters();
        Map<String, Tensor> bs = root.namedBuffers();
        List<String> problems = new ArrayList<>();
        ps.forEach((n, p) -> check(n, p.tensor().shape(), state, strict, problems));
        bs.forEach((n, b) -> check(n, b.shape(), state, strict, problems));
        if (strict) {
            for (String k : state.keySet()) {
                if (!ps.containsKey(k) && !bs.containsKey(k)) {
                    problems.add("unexpected entry '" + k + "' (no such parameter or buffer)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(root.describe() + ".loadState: " + String.join("; ", problems)
                    + (strict ? " (use loadState(state, false) to load matching entries only)" : ""));
        }
        ps.forEach((n, p) -> {
            if (state.containsKey(n)) {
                p.load(state.get(n));
            }
        });
        bs.forEach((n, b) -> {
            if (state.containsKey(n)) {
                b.copyFrom(state.get(n));
            }
        });
    }

    /** Builds each layer not built yet from its own entries of the state ({@code "weight"}, {@code "bias"}, …). */
    private static void buildLazyLayers(Module root, Map<String, Tensor> state) {
        root.namedModules().forEach((name, m) -> {
            if (!m.isBuilt()) {
                String prefix = name.isEmpty() ? "" : name + ".";
                LinkedHashMap<String, Tensor> local = new LinkedHashMap<>();
                state.forEach((k, v) -> {
                    if (k.startsWith(prefix) && !k.substring(prefix.length()).contains(".")) {
                        local.put(k.substring(prefix.length()), v);
                    }
                });
                m.buildFromState(local);
            }
        });
    }

    private static void check(String name, Shape shape, Map<String, Tensor> state, boolean strict,
                              List<String> problems) {
        Tensor t = state.get(name);
        if (t == null) {
            if (strict) {
                problems.add("missing entry '" + name + "' " + shape);
            }
        } else if (!t.shape().equals(shape)) {
            problems.add("'" + name + "' has shape " + shape + " but the state holds " + t.shape());
        }
    }
}

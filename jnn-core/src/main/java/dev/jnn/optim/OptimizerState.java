package dev.jnn.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of an optimizer as plain data, for checkpoints: which optimizer, how many steps it took, its learning
 * rate, and its per-parameter slots (momentum, squared-gradient averages...) keyed {@code "<parameter>/<slot>"},
 * e.g. {@code "dense1.weight/m"}. A file format can write it as named float arrays (safetensors-like) plus three
 * scalars; no Java serialization.
 *
 * <p>The record copies arrays on the way in and out, so a saved state never aliases a live optimizer.
 */
public record OptimizerState(String optimizer, long step, double learningRate, Map<String, float[]> slots) {

    public OptimizerState {
        if (step < 0) {
            throw new IllegalArgumentException("OptimizerState: step must be >= 0, got " + step);
        }
        slots = copy(slots);
    }

    @Override
    public Map<String, float[]> slots() {
        return copy(slots);
    }

    private static Map<String, float[]> copy(Map<String, float[]> in) {
        var out = new LinkedHashMap<String, float[]>();
        in.forEach((k, v) -> out.put(k, v.clone()));
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OptimizerState s) || !optimizer.equals(s.optimizer) || step != s.step
                || Double.compare(learningRate, s.learningRate) != 0 || !slots.keySet().equals(s.slots.keySet())) {
            return false;
        }
        for (var e : slots.entrySet()) {
            if (!Arrays.equals(e.getValue(), s.slots.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = optimizer.hashCode() * 31 + Long.hashCode(step);
        for (var e : slots.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return "OptimizerState[" + optimizer + ", step=" + step + ", lr=" + learningRate + ", slots=" + slots.keySet()
                + "]";
    }
}

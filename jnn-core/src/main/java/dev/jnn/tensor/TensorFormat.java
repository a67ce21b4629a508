package dev.jnn.tensor;

import java.util.Locale;

/**
 * NumPy-style printing: nested brackets, values right-aligned to a common width, axes longer than {@value #EDGE}·2
 * shown as their first and last {@value #EDGE} entries around "...", when the tensor has more than
 * {@value #THRESHOLD} elements.
 */
final class TensorFormat {

    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        boolean summarize = t.size() > THRESHOLD;
        float[] values = t.toArray();
        boolean integral = true;
        for (float v : values) {
            if (v != Math.rint(v) || Math.abs(v) >= 1e7f) {
                integral = false;
                break;
            }
        }
        int width = 1;
        int[] strides = t.shape().contiguousStrides();
        // width from the shown values only, so a hidden outlier does not widen the columns
        for (int i = 0; i < values.length; i++) {
            if (!summarize || shown(t, i, strides)) {
                width = Math.max(width, number(values[i], integral).length());
            }
        }
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.rank() == 0) {
            sb.append(number(values[0], integral));
        } else {
            block(sb, t, values, strides, 0, 0, width, integral, summarize, "tensor(".length());
        }
        sb.append(", shape=").append(t.shape());
        if (t.requiresGrad()) {
            sb.append(t.isLeaf() ? ", requiresGrad" : ", gradFn=" + t.gradFn().name());
        }
        return sb.append(')').toString();
    }

    private static boolean shown(Tensor t, int flat, int[] strides) {
        for (int d = 0; d < t.rank(); d++) {
            int i = flat / strides[d] % t.dim(d);
            if (t.dim(d) > 2 * EDGE && i >= EDGE && i < t.dim(d) - EDGE) {
                return false;
            }
        }
        return true;
    }

    private static void block(StringBuilder sb, Tensor t, float[] values, int[] strides, int axis, int base,
                              int width, boolean integral, boolean summarize, int indent) {
        int n = t.dim(axis);
        sb.append('[');
        boolean last = axis == t.rank() - 1;
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append(last ? "..., " : "...,\n" + " ".repeat(indent + axis + 1));
                i = n - EDGE;
            }
            if (last) {
                String s = number(values[base + i * strides[axis]], integral);
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                block(sb, t, values, strides, axis + 1, base + i * strides[axis], width, integral, summarize, indent);
            }
            if (i < n - 1) {
                sb.append(',');
                if (last) {
                    sb.append(' ');
                } else {
                    sb.append("\n".repeat(t.rank() - axis - 1)).append(" ".repeat(indent + axis + 1));
                }
            }
        }
        sb.append(']');
    }

    private static String number(float v, boolean integral) {
        if (integral) {
            return String.format(Locale.ROOT, "%.0f.", v);
        }
        float a = Math.abs(v);
        if (a != 0 && (a >= 1e5f || a < 1e-4f) && Float.isFinite(v)) {
            return String.format(Locale.ROOT, "%.4e", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastMathTest {

    /** Distance in ulps between two floats of the same sign (or both tiny). */
    private static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    /** Every float in [−12, 12] at a fine stride, across the polynomial/exponential switch and into saturation. */
    @Test
    void tanhIsWithinTwoUlpsOfMathTanhOverADenseRange() {
        int n = 2_000_000;
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -12f + 24f * i / (n - 1);
        }
        Elementwise.unary(UnaryOp.TANH, x, 0, y, 0, n);
        long worst = 0;
        float worstAt = 0;
        for (int i = 0; i < n; i++) {
            float expected = (float) Math.tanh(x[i]);
            long d = ulps(expected, y[i]);
            if (d > worst) {
                worst = d;
                worstAt = x[i];
            }
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp at x = " + worstAt);
    }

    @Test
    void tanhOfTinyHugeAndSpecialValues() {
        float[] x = {0f, -0f, 1e-30f, -1e-30f, Float.MIN_VALUE, 1e-7f, 0.6249999f, 0.625f, -0.625f, 9f, 9.5f, 20f,
            -88f, 1e30f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.NaN, 0.3f, -4f, 7.7f};
        float[] padded = new float[64];
        for (int start = 0; start + x.length <= padded.length; start += 13) {
            System.arraycopy(x, 0, padded, start, x.length);
            float[] y = new float[padded.length];
            Elementwise.unary(UnaryOp.TANH, padded, 0, y, 0, padded.length);
            for (int i = 0; i < x.length; i++) {
                float expected = (float) Math.tanh(x[i]);
                float actual = y[start + i];
                if (Float.isNaN(expected)) {
                    assertTrue(Float.isNaN(actual), "tanh(NaN)");
                } else if (expected == 0f) {
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), "tanh(" + x[i] + ")");
                } else {
                    assertTrue(ulps(expected, actual) <= 2, "tanh(" + x[i] + ") = " + actual + ", expected " + expected);
                }
            }
        }
    }
}

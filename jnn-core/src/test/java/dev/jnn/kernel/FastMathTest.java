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

    /** The worst ulp distance of {@code op} from {@code expected} over {@code x}; asserts it is at most {@code ulps}. */
    private static void assertWithinUlps(UnaryOp op, java.util.function.DoubleUnaryOperator expected, float[] x,
                                         int ulps) {
        float[] y = new float[x.length];
        Elementwise.unary(op, x, 0, y, 0, x.length);
        long worst = 0;
        int worstAt = 0;
        for (int i = 0; i < x.length; i++) {
            float want = (float) expected.applyAsDouble(x[i]);
            long d = Float.isNaN(want) ? (Float.isNaN(y[i]) ? 0 : Long.MAX_VALUE)
                    : want == 0f ? (y[i] == 0f ? 0 : Long.MAX_VALUE) : ulps(want, y[i]);
            if (d > worst) {
                worst = d;
                worstAt = i;
            }
        }
        assertTrue(worst <= ulps, op + ": worst error " + worst + " ulp at x = " + x[worstAt] + " (got "
                + y[worstAt] + ", expected " + (float) expected.applyAsDouble(x[worstAt]) + ")");
    }

    private static float[] range(float from, float to, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + (to - from) * i / (n - 1);
        }
        return x;
    }

    /** Down to the subnormals and up to overflow, where the two-step scaling by 2^k matters. */
    @Test
    void expIsWithinTwoUlpsOfMathExpFromUnderflowToOverflow() {
        assertWithinUlps(UnaryOp.EXP, Math::exp, range(-103.9f, 88.7f, 2_000_000), 2);
        assertWithinUlps(UnaryOp.EXP, Math::exp, range(-1f, 1f, 200_003), 1);
    }

    @Test
    void expOfSpecialValues() {
        float[] x = {Float.NEGATIVE_INFINITY, -1e30f, -104f, -103f, -88f, -87.4f, 0f, -0f, 88.72f, 88.73f, 89f, 1e30f,
            Float.POSITIVE_INFINITY, Float.NaN, 1e-30f, -1e-30f};
        float[] padded = new float[32];
        System.arraycopy(x, 0, padded, 0, x.length);
        float[] y = new float[padded.length];
        Elementwise.unary(UnaryOp.EXP, padded, 0, y, 0, padded.length);
        for (int i = 0; i < x.length; i++) {
            float want = (float) Math.exp(x[i]);
            if (Float.isNaN(want) || Float.isInfinite(want) || want == 0f || want == 1f) {
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]), "exp(" + x[i] + ")");
            } else {
                assertTrue(ulps(want, y[i]) <= 2, "exp(" + x[i] + ") = " + y[i] + ", expected " + want);
            }
        }
    }

    /** Subnormal inputs, the √2 switch of the mantissa, near 1 (where cancellation would show) and large values. */
    @Test
    void logIsWithinTwoUlpsOfMathLog() {
        assertWithinUlps(UnaryOp.LOG, Math::log, range(0.5f, 2f, 1_000_003), 1);
        assertWithinUlps(UnaryOp.LOG, Math::log, range(0.999f, 1.001f, 200_003), 1);
        assertWithinUlps(UnaryOp.LOG, Math::log, range(1e-44f, 1e-37f, 200_003), 2);
        assertWithinUlps(UnaryOp.LOG, Math::log, range(1f, 3e38f, 1_000_003), 2);
        float[] powers = new float[277];
        for (int i = 0; i < powers.length; i++) {
            powers[i] = Math.scalb(1.37f, i - 149);
        }
        assertWithinUlps(UnaryOp.LOG, Math::log, powers, 2);
    }

    @Test
    void logOfSpecialValues() {
        float[] x = {0f, -0f, -1f, -Float.MIN_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL, 1f, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 2f, 0.5f, 1.4142135f, 1.4142137f, 3f};
        float[] padded = new float[32];
        java.util.Arrays.fill(padded, 1f);
        System.arraycopy(x, 0, padded, 0, x.length);
        float[] y = new float[padded.length];
        Elementwise.unary(UnaryOp.LOG, padded, 0, y, 0, padded.length);
        for (int i = 0; i < x.length; i++) {
            float want = (float) Math.log(x[i]);
            if (Float.isNaN(want) || Float.isInfinite(want) || want == 0f) {
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]), "log(" + x[i] + ")");
            } else {
                assertTrue(ulps(want, y[i]) <= 2, "log(" + x[i] + ") = " + y[i] + ", expected " + want);
            }
        }
    }
}

package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementwiseGradTest {

    /** The vector loops equal the scalar definition bit for bit, at offsets and lengths off the vector width. */
    @Test
    void gradFromOutputMatchesTheScalarDefinition() {
        Random rnd = new Random(7);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.EXP}) {
            for (int n : new int[] {0, 1, 7, 8, 9, 31, 100, 70_001}) {
                int gOff = rnd.nextInt(5), yOff = rnd.nextInt(5), outOff = rnd.nextInt(5);
                float[] g = new float[gOff + n], y = new float[yOff + n], out = new float[outOff + n];
                for (int i = 0; i < n; i++) {
                    g[gOff + i] = (float) rnd.nextGaussian();
                    y[yOff + i] = op.apply((float) rnd.nextGaussian() * 3);
                }
                Elementwise.gradFromOutput(op, g, gOff, y, yOff, out, outOff, n);
                for (int i = 0; i < n; i++) {
                    float expected = op.gradFromOutput(g[gOff + i], y[yOff + i]);
                    assertEquals(expected, out[outOff + i], op + " n=" + n + " at " + i);
                }
            }
        }
    }

    @Test
    void gradFromOutputIsTheDerivative() {
        for (UnaryOp op : new UnaryOp[] {UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.EXP}) {
            for (double x = -3; x <= 3; x += 0.37) {
                double h = 1e-3;
                double numeric = (op.apply((float) (x + h)) - op.apply((float) (x - h))) / (2 * h);
                float analytic = op.gradFromOutput(1f, op.apply((float) x));
                assertEquals(numeric, analytic, 1e-2 * (1 + Math.abs(numeric)), op + " at " + x);
            }
        }
    }

    @Test
    void rejectsOperationsWhoseDerivativeNeedsTheInput() {
        assertThrows(IllegalArgumentException.class,
                () -> Elementwise.gradFromOutput(UnaryOp.RELU, new float[1], 0, new float[1], 0, new float[1], 0, 1));
    }
}

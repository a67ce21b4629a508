package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.NoGrad;
import dev.jnn.autograd.ops.ConvOps;
import dev.jnn.nn.activation.ScaledTanh;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** LeNet-5's own layers: C3's connection table, trainable subsampling, the scaled tanh, the RBF output. */
class LeNetLayersTest {

    @Test
    void c3HasThePapersParametersAndIsAMaskedConvolution() {
        ConnectionTableConv2d c3 = new ConnectionTableConv2d(6, ConnectionTableConv2d.lenet5C3Table(), 5);
        assertEquals(60, c3.connections());
        assertEquals(1516, c3.parameterCount());
        c3.initialize(4);
        Tensor full = c3.fullWeight();
        int[][] table = ConnectionTableConv2d.lenet5C3Table();
        int j = 0;
        for (int o = 0; o < 16; o++) {
            for (int i = 0; i < 6; i++) {
                final int in = i;
                boolean connected = java.util.Arrays.stream(table[o]).anyMatch(v -> v == in);
                for (int p = 0; p < 25; p++) {
                    float expected = connected ? c3.weight().values()[(j) * 25 + p] : 0f;
                    assertEquals(expected, full.get(o, i, p / 5, p % 5), "map " + o + " from " + i);
                }
                if (connected) {
                    j++;
                }
            }
        }
        Tensor x = Tensor.randn(8, 2, 6, 14, 14);
        try (NoGrad g = NoGrad.enter()) {
            Tensor y = c3.forward(x);
            assertEquals(Shape.of(2, 16, 10, 10), y.shape());
            assertArrayEquals(ConvOps.conv2d(x, full, c3.bias().tensor(), 1, 0, 1, 1).toArray(), y.toArray(), 1e-5f);
        }
        assertEquals(10L * 10 * 60 * 25, c3.macs(Shape.of(6, 14, 14)));
        // gradients reach only the real kernels
        Checks.gradients(new ConnectionTableConv2d(3, new int[][] {{0}, {1, 2}}, 2), Tensor.randn(9, 1, 3, 4, 4));
    }

    @Test
    void trainableSubsamplingSumsTimesCoefficientPlusBias() {
        TrainableSubsampling s2 = new TrainableSubsampling(6);
        assertEquals(12, s2.parameterCount());
        assertEquals(32, new TrainableSubsampling(16).parameterCount());
        TrainableSubsampling s = new TrainableSubsampling(2);
        s.parameters().get(0).load(Tensor.of(new float[] {2, -1}, 2));
        s.parameters().get(1).load(Tensor.of(new float[] {0.5f, 1}, 2));
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 1, 1, 1, 1}, 1, 2, 2, 2);
        try (NoGrad g = NoGrad.enter()) {
            assertArrayEquals(new float[] {2 * 10 + 0.5f, -4 + 1}, s.forward(x).toArray(), 1e-6f);
        }
        assertEquals(Shape.of(6, 14, 14), s2.outputShape(Shape.of(6, 28, 28)));
        Checks.gradients(new TrainableSubsampling(2), Tensor.randn(3, 2, 2, 4, 4));
    }

    @Test
    void scaledTanhMapsOneToOne() {
        try (NoGrad g = NoGrad.enter()) {
            Tensor y = new ScaledTanh().forward(Tensor.of(new float[] {-1, 0, 1, 10}, 4));
            assertEquals(-1, y.get(0), 2e-4);
            assertEquals(0, y.get(1), 0);
            assertEquals(1, y.get(2), 2e-4);
            assertEquals(1.7159, y.get(3), 1e-4);
        }
        Checks.gradients(new ScaledTanh(), Tensor.randn(3, 2, 5));
    }

    @Test
    void rbfOutputsSquaredDistancesToFixedPlusMinusOneCenters() {
        RbfOutput rbf = new RbfOutput(84, 10);
        assertEquals(840, rbf.parameterCount());
        assertFalse(rbf.centers().trainable(), "the paper's centers are fixed");
        rbf.initialize(1);
        float[] c = rbf.centers().values();
        for (float v : c) {
            assertTrue(v == 1f || v == -1f);
        }
        Tensor x = Tensor.randn(2, 3, 84);
        try (NoGrad g = NoGrad.enter()) {
            Tensor y = rbf.forward(x);
            for (int n = 0; n < 3; n++) {
                for (int k = 0; k < 10; k++) {
                    double d = 0;
                    for (int i = 0; i < 84; i++) {
                        double diff = x.get(n, i) - c[k * 84 + i];
                        d += diff * diff;
                    }
                    assertEquals(d, y.get(n, k), 1e-3 * d);
                }
            }
        }
        // a center itself is at distance 0 from its own class
        Tensor center = Tensor.of(java.util.Arrays.copyOfRange(c, 3 * 84, 4 * 84), 1, 84);
        try (NoGrad g = NoGrad.enter()) {
            assertEquals(0, rbf.forward(center).get(0, 3), 1e-3);
            assertEquals(3, rbf.forward(center).neg().argmax(1, false).get(0), 0);
        }
        Checks.gradients(new RbfOutput(4, 3).learnable(true), Tensor.randn(4, 2, 4));
    }
}

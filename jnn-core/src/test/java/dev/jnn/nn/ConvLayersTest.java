package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.NoGrad;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Conv1d/Conv2d, pooling, padding layers: values against plain loops, shape rules against real forward passes. */
class ConvLayersTest {

    /** Plain 2-D convolution with explicit (possibly asymmetric) padding, groups and dilation. */
    private static float[] naiveConv(Tensor x, Tensor w, Tensor b, int sh, int sw, int top, int left, int dh, int dw,
                                     int groups, int oh, int ow) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wi = x.dim(3);
        int o = w.dim(0), cg = w.dim(1), kh = w.dim(2), kw = w.dim(3);
        float[] y = new float[n * o * oh * ow];
        for (int ni = 0; ni < n; ni++) {
            for (int oc = 0; oc < o; oc++) {
                int g = oc / (o / groups);
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = b == null ? 0 : b.get(oc);
                        for (int ci = 0; ci < cg; ci++) {
                            for (int p = 0; p < kh; p++) {
                                for (int q = 0; q < kw; q++) {
                                    int r = i * sh + p * dh - top;
                                    int col = j * sw + q * dw - left;
                                    if (r >= 0 && r < h && col >= 0 && col < wi) {
                                        s += w.get(oc, ci, p, q) * x.get(ni, g * cg + ci, r, col);
                                    }
                                }
                            }
                        }
                        y[((ni * o + oc) * oh + i) * ow + j] = (float) s;
                    }
                }
            }
        }
        assertEquals(c, cg * groups);
        return y;
    }

    private static Shape perExample(Tensor t) {
        int[] d = t.shape().toArray();
        return Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length));
    }

    private static Tensor run(Module m, Tensor x) {
        try (NoGrad g = NoGrad.enter()) {
            return m.forward(x);
        }
    }

    @Test
    void samePaddingIsAsymmetricWithTheOddZeroAtTheEnd() {
        // 8×7 input, 4×3 kernel, stride 2: SAME needs 2 rows (1 + 1) and 2 columns (1 + 1), or odd totals elsewhere.
        Tensor x = Tensor.randn(1, 2, 4, 8, 7);
        Conv2d conv = new Conv2d(4, 6, 4, 3).stride(2).padding(Padding.SAME).groups(2);
        conv.initialize(3);
        Tensor y = run(conv, x);
        assertEquals(Shape.of(2, 6, 4, 4), y.shape());
        assertEquals(perExample(y), conv.outputShape(Shape.of(4, 8, 7)));
        // rows: out 4, total = 3·2 + 4 − 8 = 2 → 1 before; columns: out 4, total = 3·2 + 3 − 7 = 2 → 1 before
        float[] expected = naiveConv(x, conv.weight().tensor(), conv.bias().tensor(), 2, 2, 1, 1, 1, 1, 2, 4, 4);
        assertArrayEquals(expected, y.toArray(), 1e-4f);

        // odd total: 9 rows, kernel 2, stride 1 → total 1, all after (top 0)
        Conv2d even = new Conv2d(1, 1, 2).padding(Padding.SAME);
        even.initialize(5);
        Tensor x2 = Tensor.randn(2, 1, 1, 9, 9);
        Tensor y2 = run(even, x2);
        assertEquals(Shape.of(1, 1, 9, 9), y2.shape());
        assertArrayEquals(naiveConv(x2, even.weight().tensor(), even.bias().tensor(), 1, 1, 0, 0, 1, 1, 1, 9, 9),
                y2.toArray(), 1e-5f);
    }

    @Test
    void explicitPaddingDilationAndValid() {
        Tensor x = Tensor.randn(6, 2, 3, 9, 10);
        Conv2d conv = new Conv2d(3, 4, 3).padding(2, 1).dilation(2).stride(1, 2);
        conv.initialize(1);
        Tensor y = run(conv, x);
        assertEquals(perExample(y), conv.outputShape(Shape.of(3, 9, 10)));
        assertArrayEquals(naiveConv(x, conv.weight().tensor(), conv.bias().tensor(), 1, 2, 2, 1, 2, 2, 1, y.dim(2),
                y.dim(3)), y.toArray(), 1e-4f);
        Conv2d valid = new Conv2d(3, 2, 5).padding(Padding.VALID).useBias(false);
        assertNull(valid.bias());
        assertEquals(Shape.of(2, 5, 6), valid.outputShape(Shape.of(3, 9, 10)));
        assertEquals(2L * 5 * 6 * 3 * 25, valid.macs(Shape.of(3, 9, 10)));
    }

    @Test
    void lazyInChannelsAndConfigurationReshapeTheWeight() {
        Conv2d lazy = new Conv2d(8, 3);
        assertTrue(!lazy.isBuilt());
        assertEquals(Shape.of(8, 6, 6), lazy.outputShape(Shape.of(4, 8, 8)));
        assertArrayEquals(new int[] {8, 4, 3, 3}, lazy.weight().dims());
        Conv2d grouped = new Conv2d(4, 8, 3).groups(4);
        assertArrayEquals(new int[] {8, 1, 3, 3}, grouped.weight().dims());
        assertEquals(8 * 9 + 8, grouped.parameterCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(3, 8, 3).forward(Tensor.zeros(1, 2, 5, 5)));
        assertTrue(e.getMessage().contains("2 channels; expected 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 7).outputShape(Shape.of(3, 5, 5)));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void conv1dMatchesConv2dOfHeightOne() {
        Tensor x = Tensor.randn(7, 2, 3, 11);
        Conv1d c1 = new Conv1d(3, 4, 4).stride(2).padding(Padding.SAME);
        c1.initialize(2);
        Tensor y = run(c1, x);
        assertEquals(Shape.of(2, 4, 6), y.shape());
        assertEquals(Shape.of(4, 6), c1.outputShape(Shape.of(3, 11)));
        // total = 5·2 + 4 − 11 = 3 → 1 before, 2 after
        Tensor w4 = c1.weight().tensor().reshape(4, 3, 1, 4);
        float[] expected = naiveConv(x.reshape(2, 3, 1, 11), w4, c1.bias().tensor(), 1, 2, 0, 1, 1, 1, 1, 1, 6);
        assertArrayEquals(expected, y.toArray(), 1e-4f);
    }

    @Test
    void shapeRulesAgreeWithForwardPasses() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 40; trial++) {
            int h = 5 + rng.nextInt(10);
            int w = 5 + rng.nextInt(10);
            int k = 1 + rng.nextInt(4);
            int s = 1 + rng.nextInt(3);
            int p = rng.nextInt(k / 2 + 1);
            boolean ceil = rng.nextBoolean();
            Tensor x = Tensor.randn(trial, 2, 3, h, w);
            Module[] layers = {
                new MaxPool2d(k, s).padding(p).ceilMode(ceil), new AvgPool2d(k, s).padding(p).ceilMode(ceil),
                new Conv2d(3, 2, k).stride(s).padding(Padding.SAME), new Conv2d(3, 2, k).stride(s).padding(p),
                new GlobalAvgPool2d(), new GlobalMaxPool2d(), new AdaptiveAvgPool2d(1 + rng.nextInt(5), 1 + rng.nextInt(5)),
                new ZeroPadding2d(rng.nextInt(3), rng.nextInt(3), rng.nextInt(3), rng.nextInt(3)),
            };
            for (Module m : layers) {
                Shape rule = ((ShapeInference) m).outputShape(Shape.of(3, h, w));
                assertEquals(perExample(run(m, x)), rule, m.describe() + " on " + h + "x" + w);
            }
            Tensor x1 = Tensor.randn(trial, 2, 3, w);
            Module[] oneD = {new MaxPool1d(k, s).padding(p).ceilMode(ceil), new AvgPool1d(k, s).padding(p),
                new Conv1d(3, 2, k).stride(s).padding(Padding.SAME), new GlobalAvgPool1d(), new GlobalMaxPool1d()};
            for (Module m : oneD) {
                assertEquals(perExample(run(m, x1)), ((ShapeInference) m).outputShape(Shape.of(3, w)), m.describe());
            }
        }
    }

    @Test
    void poolValuesByHand() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 1, 4, 4);
        assertArrayEquals(new float[] {6, 8, 14, 16}, run(new MaxPool2d(2), x).toArray());
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, run(new AvgPool2d(2), x).toArray());
        // 3×3 stride 2 ceil: windows start at 0 and 2 → 2×2 output
        assertArrayEquals(new float[] {11, 12, 15, 16}, run(new MaxPool2d(3, 2).ceilMode(true), x).toArray());
        assertArrayEquals(new float[] {8.5f}, run(new GlobalAvgPool2d(), x).toArray());
        assertArrayEquals(new float[] {16}, run(new GlobalMaxPool2d(), x).toArray());
        Tensor seq = Tensor.of(new float[] {1, 5, 2, 0, 3}, 1, 1, 5);
        assertArrayEquals(new float[] {5, 2}, run(new MaxPool1d(2), seq).toArray());
        assertArrayEquals(new float[] {5, 2, 3}, run(new MaxPool1d(2).ceilMode(true), seq).toArray());
        assertArrayEquals(new float[] {3, 1}, run(new AvgPool1d(2), seq).toArray());
    }

    @Test
    void adaptiveAveragePoolUsesPyTorchBands() {
        // 5 → 3: rows [0,2), [1,4), [3,5)
        float[] v = new float[25];
        for (int i = 0; i < 25; i++) {
            v[i] = i;
        }
        Tensor x = Tensor.of(v, 1, 1, 5, 5);
        Tensor y = run(new AdaptiveAvgPool2d(3), x);
        int[][] bands = {{0, 2}, {1, 4}, {3, 5}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                int n = 0;
                for (int r = bands[i][0]; r < bands[i][1]; r++) {
                    for (int c = bands[j][0]; c < bands[j][1]; c++) {
                        s += v[r * 5 + c];
                        n++;
                    }
                }
                assertEquals(s / n, y.get(0, 0, i, j), 1e-5, "cell " + i + "," + j);
            }
        }
        assertTrue(run(new AdaptiveAvgPool2d(5), x) == x, "same size is the identity");
    }

    @Test
    void gradients() {
        Checks.gradients(new Conv2d(4, 4, 3).stride(2).padding(Padding.SAME).groups(2).dilation(1, 2),
                Tensor.randn(1, 2, 4, 6, 7));
        Checks.gradients(new Conv1d(2, 3, 2).padding(Padding.SAME), Tensor.randn(2, 2, 2, 5));
        Checks.gradients(new AvgPool2d(3, 2).padding(1).ceilMode(true), Tensor.randn(3, 1, 2, 6, 5));
        Checks.gradients(new AdaptiveAvgPool2d(2, 3), Tensor.randn(4, 2, 2, 5, 4));
        Checks.gradients(new ZeroPadding2d(1, 0, 2, 1), Tensor.randn(5, 1, 2, 3, 3));
        Checks.gradients(new GlobalAvgPool1d(), Tensor.randn(6, 2, 3, 4));
        Checks.gradients(new MaxPool2d(2), Checks.awayFromZero(7, 0.1f, 1, 2, 4, 4));
    }
}

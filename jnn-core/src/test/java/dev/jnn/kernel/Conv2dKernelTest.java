package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Conv2dKernelTest {

    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** Hand-picked shapes covering every code path, then random ones. */
    static List<Conv2dShape> shapes() {
        List<Conv2dShape> list = new ArrayList<>(List.of(
                // batch, inC, inH, inW, outC, kH, kW, sH, sW, pH, pW, dH, dW, groups
                new Conv2dShape(1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1, 1),
                new Conv2dShape(3, 3, 7, 9, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1),        // odd sizes, padding
                new Conv2dShape(2, 4, 11, 10, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1),      // stride 2
                new Conv2dShape(3, 2, 13, 14, 3, 3, 2, 3, 3, 2, 1, 1, 1, 1),      // stride 3, pad > 1
                new Conv2dShape(2, 3, 12, 12, 4, 3, 3, 1, 1, 2, 2, 2, 2, 1),      // dilation 2
                new Conv2dShape(2, 6, 9, 9, 4, 3, 3, 1, 1, 1, 1, 1, 1, 2),        // groups
                new Conv2dShape(3, 8, 10, 7, 8, 3, 3, 1, 1, 1, 1, 1, 1, 8),       // depthwise
                new Conv2dShape(3, 8, 10, 7, 16, 3, 3, 2, 2, 1, 1, 1, 1, 8),      // depthwise multiplier 2
                new Conv2dShape(3, 16, 6, 5, 17, 1, 1, 1, 1, 0, 0, 1, 1, 1),      // 1x1
                new Conv2dShape(2, 5, 7, 7, 3, 1, 1, 2, 2, 0, 0, 1, 1, 1),        // 1x1 stride 2
                new Conv2dShape(3, 1, 32, 32, 6, 5, 5, 1, 1, 0, 0, 1, 1, 1),      // LeNet C1
                new Conv2dShape(2, 1, 17, 37, 4, 5, 5, 1, 1, 2, 2, 1, 1, 1),      // 1 channel, padding, wide rows
                new Conv2dShape(2, 2, 9, 21, 3, 4, 4, 2, 2, 1, 1, 1, 1, 1),       // even kernel, few channels
                new Conv2dShape(1, 3, 4, 4, 2, 5, 5, 1, 1, 2, 2, 1, 1, 1),        // kernel larger than input
                new Conv2dShape(2, 2, 3, 3, 3, 3, 3, 1, 1, 2, 2, 1, 1, 1),        // padding wider than the overlap
                new Conv2dShape(2, 32, 8, 8, 40, 3, 3, 1, 1, 1, 1, 1, 1, 1),      // many channels
                // Implicit GEMM (stride 1, output width a multiple of 8): CIFAR-like, three depth blocks, pixels
                // past one block and a last half panel, no padding, dilation, groups, a 3-channel stem.
                new Conv2dShape(3, 16, 8, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 64, 4, 8, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                // Whole eight-row tiles read in place (AVX-512): two depth blocks, stride 2 through the phases.
                new Conv2dShape(2, 40, 4, 16, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 3, 32, 32, 8, 3, 3, 2, 2, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 5, 41, 8, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 6, 5, 10, 9, 3, 3, 1, 1, 0, 0, 1, 1, 1),
                new Conv2dShape(2, 4, 12, 20, 6, 3, 3, 1, 1, 2, 2, 2, 2, 1),
                new Conv2dShape(2, 12, 6, 16, 8, 3, 1, 1, 1, 1, 0, 1, 1, 2),
                new Conv2dShape(3, 3, 16, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 1, 9, 17, 5, 2, 2, 1, 1, 0, 0, 1, 1, 1),        // 4 taps: a partial tap block
                new Conv2dShape(2, 4, 16, 16, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2),       // groups, 256 pixels
                new Conv2dShape(2, 5, 32, 32, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1),       // stride 2 (phases), 256 pixels
                new Conv2dShape(2, 3, 17, 16, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1),       // stride 2, odd input
                new Conv2dShape(2, 2, 26, 50, 3, 3, 4, 3, 3, 2, 0, 2, 1, 1),       // stride 3, dilation, even kernel
                new Conv2dShape(2, 4, 20, 16, 6, 3, 3, 2, 2, 1, 1, 1, 1, 2),       // stride 2, groups
                // Small maps, several images per weight-gradient chunk: their columns side by side in one Gemm.
                new Conv2dShape(9, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(8, 4, 5, 5, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2),
                new Conv2dShape(10, 16, 8, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(8, 6, 4, 4, 5, 1, 1, 1, 1, 0, 0, 1, 1, 1),
                new Conv2dShape(2, 5, 6, 6, 6, 1, 1, 1, 1, 1, 1, 1, 1, 1),         // 1x1 with padding: 5 taps
                // The weight gradient's GEMM path (at least 8 output channels per group): row blocks that do not
                // divide the map, several images per block, stride, dilation, groups, partial tap and channel tiles.
                new Conv2dShape(3, 5, 30, 20, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(5, 6, 9, 11, 9, 3, 3, 2, 2, 1, 1, 1, 1, 1),
                new Conv2dShape(3, 4, 13, 13, 24, 3, 2, 1, 1, 2, 1, 2, 1, 1),
                new Conv2dShape(2, 8, 12, 12, 32, 3, 3, 1, 1, 1, 1, 1, 1, 2),
                new Conv2dShape(7, 3, 7, 9, 11, 2, 4, 3, 2, 1, 2, 1, 1, 1),
                new Conv2dShape(2, 16, 33, 33, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1),
                new Conv2dShape(9, 2, 5, 5, 17, 3, 3, 1, 1, 0, 0, 1, 1, 1),
                // The lane weight gradient (stride 1, output rows of whole vectors, at least 1024 pixels): a 3-channel
                // stem, two row blocks with odd channel counts, groups with dilation, a 5x1 kernel (10 taps, a
                // partial tile), one input channel with uneven image chunks; output channels of every remainder of
                // the two- and four-channel tiles (16, 7, 3, 9, 6).
                new Conv2dShape(3, 3, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 3, 32, 32, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 5, 40, 32, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 4, 36, 40, 6, 3, 3, 1, 1, 2, 2, 2, 2, 2),
                new Conv2dShape(3, 2, 34, 32, 9, 5, 1, 1, 1, 2, 0, 1, 1, 1),
                new Conv2dShape(5, 1, 32, 32, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                // Column planes for the stride-1 weight gradient: an odd width (row copies), a kernel wider than the
                // input (shifts past a whole row), a smaller output (through the bordered image).
                new Conv2dShape(3, 5, 7, 9, 10, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 8, 6, 2, 8, 3, 5, 1, 1, 1, 2, 1, 1, 1),
                new Conv2dShape(2, 3, 9, 11, 12, 2, 4, 1, 1, 0, 1, 1, 1, 1),
                // The shifted weight gradient (AVX-512; 3x3 "same", whole vectors of output channels, maps of 1024
                // pixels and more, 8 input channels and more): an odd channel count and a plane that is no multiple
                // of 16 (the transpose's tail), dilation 2 with two vectors of output channels, groups.
                new Conv2dShape(2, 9, 31, 35, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(2, 8, 36, 30, 32, 3, 3, 1, 1, 2, 2, 2, 2, 1),
                new Conv2dShape(2, 16, 32, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, 2),
                // In-place tiles over column planes (AVX-512; stride 1, rows of 8 pixels, whole tiles): "valid"
                // padding, dilation 2, groups.
                new Conv2dShape(2, 6, 10, 10, 16, 3, 3, 1, 1, 0, 0, 1, 1, 1),
                new Conv2dShape(2, 4, 8, 8, 8, 3, 3, 1, 1, 2, 2, 2, 2, 1),
                new Conv2dShape(2, 12, 8, 24, 16, 3, 3, 1, 1, 1, 1, 1, 1, 2),
                // The tiled weight gradient's dY transpose by sixteen channels: runs of 63 pixels (a tail of 15).
                new Conv2dShape(2, 4, 9, 7, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                Conv2dShape.conv1d(3, 4, 300, 12, 5, 1, 2, 1, 1),
                Conv2dShape.conv1d(3, 4, 19, 5, 3, 1, 1, 1, 1),
                Conv2dShape.conv1d(2, 6, 23, 6, 5, 2, 2, 2, 3),
                Conv2dShape.conv1d(1, 1, 40, 3, 7, 1, 0, 1, 1)));
        Random rnd = new Random(11);
        for (int t = 0; t < 25; t++) {
            int groups = 1 + rnd.nextInt(3);
            int cpg = 1 + rnd.nextInt(5), opg = 1 + rnd.nextInt(5);
            int kh = 1 + rnd.nextInt(4), kw = 1 + rnd.nextInt(4);
            int dh = 1 + rnd.nextInt(2), dw = 1 + rnd.nextInt(2);
            int ph = rnd.nextInt(3), pw = rnd.nextInt(3);
            int ih = Math.max(1, dh * (kh - 1) + 1 - 2 * ph) + rnd.nextInt(12);
            int iw = Math.max(1, dw * (kw - 1) + 1 - 2 * pw) + rnd.nextInt(12);
            list.add(new Conv2dShape(1 + rnd.nextInt(3), cpg * groups, ih, iw, opg * groups, kh, kw,
                    1 + rnd.nextInt(3), 1 + rnd.nextInt(3), ph, pw, dh, dw, groups));
        }
        return list;
    }

    @Test
    void forwardMatchesReference() {
        ConvChecks.forwardMatchesReference(ConvChecks.KERNEL, shapes());
    }

    @Test
    void backwardInputMatchesReference() {
        ConvChecks.backwardInputMatchesReference(ConvChecks.KERNEL, shapes());
    }

    @Test
    void backwardWeightMatchesReference() {
        ConvChecks.backwardWeightMatchesReference(ConvChecks.KERNEL, shapes());
    }

    /** The reference backward passes are the derivatives of the reference forward (checked in the loss L = Σ y·r). */
    @Test
    void referenceBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(4);
        Conv2dShape s = new Conv2dShape(2, 4, 6, 7, 4, 3, 2, 2, 1, 1, 1, 1, 2, 2);
        float[] x = random(rnd, s.inputSize()), w = random(rnd, s.weightSize()), b = random(rnd, s.outChannels());
        float[] r = random(rnd, s.outputSize());
        float[] gx = new float[s.inputSize()], gw = new float[s.weightSize()], gb = new float[s.outChannels()];
        Conv2dReference.backwardInput(s, r, w, gx);
        Conv2dReference.backwardWeight(s, x, r, gw, gb);
        for (float[][] pair : new float[][][] {{x, gx}, {w, gw}, {b, gb}}) {
            float[] param = pair[0], grad = pair[1];
            for (int k = 0; k < param.length; k += 1 + param.length / 23) {
                float saved = param[k];
                float h = 1e-2f;
                param[k] = saved + h;
                double up = loss(s, x, w, b, r);
                param[k] = saved - h;
                double down = loss(s, x, w, b, r);
                param[k] = saved;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, grad[k], 2e-3 * (1 + Math.abs(numeric)), "finite difference at " + k);
            }
        }
    }

    private static double loss(Conv2dShape s, float[] x, float[] w, float[] b, float[] r) {
        float[] y = new float[s.outputSize()];
        Conv2dReference.forward(s, x, w, b, y);
        double sum = 0;
        for (int k = 0; k < y.length; k++) {
            sum += (double) y[k] * r[k];
        }
        return sum;
    }

    @Test
    void resultsDoNotDependOnRunOrSplitAcrossOneOrTwoThreads() {
        ConvChecks.resultsDoNotDependOnThreadCount(ConvChecks.KERNEL, List.of(
                new Conv2dShape(5, 16, 12, 12, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new Conv2dShape(4, 1, 32, 32, 6, 5, 5, 1, 1, 0, 0, 1, 1, 1),
                new Conv2dShape(3, 8, 9, 9, 8, 3, 3, 2, 2, 1, 1, 1, 1, 8),
                new Conv2dShape(1, 8, 24, 24, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1),     // implicit, pixel blocks split
                new Conv2dShape(4, 16, 8, 8, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),     // implicit, images split
                new Conv2dShape(6, 5, 20, 18, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1),    // weight GEMM, row blocks
                new Conv2dShape(7, 3, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),    // lane weight gradient
                new Conv2dShape(5, 8, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),    // shifted weight gradient
                new Conv2dShape(6, 6, 32, 31, 8, 3, 3, 2, 2, 1, 1, 1, 1, 1)));   // stride-2 col2im by vectors
    }

    @Test
    void shapeArithmeticAndValidation() {
        var s = new Conv2dShape(2, 3, 32, 30, 8, 5, 3, 2, 1, 1, 0, 1, 2, 1);
        assertEquals(15, s.outH());      // (32 + 2 - 4 - 1) / 2 + 1
        assertEquals(26, s.outW());      // (30 - 4 - 1) / 1 + 1
        assertEquals(2 * 3 * 32 * 30, s.inputSize());
        assertEquals(8 * 3 * 5 * 3, s.weightSize());
        assertEquals(2 * 8 * 15 * 26, s.outputSize());
        var c1 = Conv2dShape.conv1d(4, 6, 50, 9, 5, 2, 1, 1, 3);
        assertEquals(1, c1.outH());
        assertEquals(24, c1.outW());     // (50 + 2 - 4 - 1) / 2 + 1
        assertEquals(9 * 2 * 5, c1.weightSize());
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2dShape(1, 6, 8, 8, 4, 3, 3, 1, 1, 0, 0, 1, 1, 4));
        assertTrue(e.getMessage().contains("divisible by groups"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2dShape(1, 1, 4, 4, 1, 5, 5, 1, 1, 0, 0, 1, 1, 1));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2dShape(1, 1, 4, 4, 1, 3, 3, 0, 1, 0, 0, 1, 1, 1));
        var ok = new Conv2dShape(1, 2, 5, 5, 2, 3, 3, 1, 1, 0, 0, 1, 1, 1);
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv2dKernel.forward(ok, new float[49], new float[36], null, new float[18]));
        assertTrue(e.getMessage().contains("input needs 50"), e.getMessage());
    }

    static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            float tol = 3e-4f * (1 + Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                assertEquals(expected[i], actual[i], tol, what + " at " + i);
            }
        }
    }
}

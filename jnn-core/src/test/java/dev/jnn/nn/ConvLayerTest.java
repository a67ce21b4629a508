package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ConvLayerTest {

    @Test
    void conv2dMatchesDirectLoops() {
        Conv2d c = (Conv2d) new Conv2d(2, 3, 3).padding(1).stride(2);
        c.bias().values()[1] = 0.5f;
        Tensor x = Tensor.randn(1, 2, 2, 5, 4);
        float[] y = c.forward(x).toArray();
        float[] w = c.weight().values();
        float[] b = c.bias().values();
        float[] xs = x.toArray();
        int oh = 3;
        int ow = 2;
        assertEquals(2 * 3 * oh * ow, y.length);
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 3; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = b[o];
                        for (int ci = 0; ci < 2; ci++) {
                            for (int u = 0; u < 3; u++) {
                                for (int v = 0; v < 3; v++) {
                                    int hi = i * 2 - 1 + u;
                                    int wj = j * 2 - 1 + v;
                                    if (hi >= 0 && hi < 5 && wj >= 0 && wj < 4) {
                                        s += w[((o * 2 + ci) * 3 + u) * 3 + v] * xs[((n * 2 + ci) * 5 + hi) * 4 + wj];
                                    }
                                }
                            }
                        }
                        assertEquals(s, y[((n * 3 + o) * oh + i) * ow + j], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void glorotUniformWithConvolutionFans() {
        Conv2d c = new Conv2d(16, 32, 3);
        double r = Math.sqrt(6.0 / (16 * 9 + 32 * 9));
        double max = 0;
        for (float v : c.weight().values()) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= r && max > 0.95 * r, "bound √(6/(fanIn+fanOut)) = " + r + ", max " + max);
        assertArrayEquals(new float[32], c.bias().values());
        assertArrayEquals(new int[] {32, 8, 3}, new Conv1d(16, 32, 3).groups(2).weight().dims());
    }

    @Test
    void gradientsOfConvolutionsAndPools() {
        Checks.gradients(new Conv2d(2, 3, 3).padding(1), Tensor.randn(1, 2, 2, 4, 4));
        Checks.gradients(new Conv2d(4, 2).groups(2).stride(2).useBias(false), Tensor.randn(2, 1, 4, 5, 5));
        Checks.gradients(new Conv1d(3, 2, 3).dilation(2), Tensor.randn(3, 2, 3, 8));
        Checks.gradients(new AvgPool2d(2), Tensor.randn(4, 2, 2, 4, 4));
        Checks.gradients(new MaxPool2d(3, 2).padding(1), Checks.awayFromZero(5, 0.05f, 1, 2, 5, 5));
        Checks.gradients(new AvgPool1d(3, 1).padding(1).countIncludePad(false), Tensor.randn(6, 2, 2, 7));
        Checks.gradients(new GlobalAvgPool2d(), Tensor.randn(7, 2, 3, 2, 2));
    }

    @Test
    void lazyChannelsShapesAndErrors() {
        Sequential lenet = new Sequential(new Conv2d(6, 5).padding(2), Activation.tanh(), new AvgPool2d(2),
                new Conv2d(16, 5), Activation.tanh(), new AvgPool2d(2), new Flatten(), new Dense(120));
        Tensor y = lenet.forward(Tensor.zeros(2, 1, 28, 28));
        assertArrayEquals(new int[] {2, 120}, y.shape().toArray());
        assertEquals(6 * 25 + 6 + 16 * 6 * 25 + 16 + 400 * 120 + 120, lenet.parameterCount());
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 6, 5).forward(Tensor.zeros(64, 784)));
        assertTrue(e.getMessage().startsWith("Conv2d(1→6, 5x5) got input [64, 784]: expected [N, C, H, W]"),
                e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 6, 5).forward(Tensor.zeros(1, 1, 8, 8)));
        assertTrue(e2.getMessage().contains("with 1 channels; expected 3"), e2.getMessage());
        assertArrayEquals(new int[] {1, 4, 8, 8},
                new Conv2d(3, 4, 3).padding(Padding.SAME).forward(Tensor.zeros(1, 3, 8, 8)).shape().toArray());
        assertArrayEquals(new int[] {1, 2, 4, 4}, new MaxPool2d(3, 2).ceilMode(true)
                .forward(Tensor.zeros(1, 2, 8, 8)).shape().toArray());
        assertArrayEquals(new int[] {1, 3}, new GlobalAvgPool2d().forward(Tensor.ones(1, 3, 4, 4)).shape().toArray());
        Sequential copy = new Sequential(new Conv2d(6, 5).padding(2), Activation.tanh(), new AvgPool2d(2),
                new Conv2d(16, 5), Activation.tanh(), new AvgPool2d(2), new Flatten(), new Dense(120));
        copy.loadState(lenet.stateDict());
        Tensor x = Tensor.randn(3, 2, 1, 28, 28);
        assertArrayEquals(lenet.forward(x).toArray(), copy.forward(x).toArray());
    }
}

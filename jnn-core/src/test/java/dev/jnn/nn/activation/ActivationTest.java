package dev.jnn.nn.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.GradCheck;
import dev.jnn.nn.Checks;
import dev.jnn.nn.Module;
import dev.jnn.nn.Sequential;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationTest {

    private static final Tensor POINTS = Tensor.of(new float[] {-2f, -0.5f, 0f, 0.5f, 2f}, 5);

    private static float[] at(Module m) {
        return m.forward(POINTS).toArray();
    }

    @Test
    void valuesAtKnownPoints() {
        assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1}, at(Activation.step()));
        assertArrayEquals(new float[] {-1, -1, 0, 1, 1}, at(Activation.sign()));
        assertArrayEquals(POINTS.toArray(), at(Activation.linear()));
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1}, at(Activation.hardTanh()));
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1.5f}, at(Activation.hardTanh(-1, 1.5f)));
        assertArrayEquals(new float[] {1f / 6, 5f / 12, 0.5f, 7f / 12, 5f / 6}, at(Activation.hardSigmoid()), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 2}, at(Activation.relu()));
        assertArrayEquals(new float[] {-0.02f, -0.005f, 0, 0.5f, 2}, at(Activation.leakyRelu()), 1e-7f);
        assertArrayEquals(new float[] {-0.2f, -0.05f, 0, 0.5f, 2}, at(Activation.leakyRelu(0.1f)), 1e-7f);
        float[] elu = at(Activation.elu(2f));
        assertEquals(2 * Math.expm1(-2), elu[0], 1e-6);
        assertEquals(2, elu[4]);
        float[] sig = at(Activation.sigmoid());
        float[] tanh = at(Activation.tanh());
        float[] softplus = at(Activation.softplus());
        for (int i = 0; i < 5; i++) {
            double v = POINTS.toArray()[i];
            assertEquals(1 / (1 + Math.exp(-v)), sig[i], 1e-6);
            assertEquals(Math.tanh(v), tanh[i], 1e-6);
            assertEquals(Math.log(1 + Math.exp(v)), softplus[i], 1e-6);
        }
    }

    @Test
    void softplusIsStableAtExtremes() {
        float[] y = Activations.softplus(Tensor.of(new float[] {-200f, -30f, 30f, 200f, 1e30f}, 5)).toArray();
        assertEquals(0f, y[0]);
        assertEquals(Math.exp(-30), y[1], 1e-18);
        assertEquals(30f, y[2]);
        assertEquals(200f, y[3]);
        assertEquals(1e30f, y[4]);
    }

    @Test
    void softmaxAndLogSoftmaxLayers() {
        Tensor x = Tensor.randn(3, 4, 6);
        float[] p = Activation.softmax().forward(x).toArray();
        float[] lp = Activation.logSoftmax().forward(x).toArray();
        for (int r = 0; r < 4; r++) {
            double s = 0;
            for (int c = 0; c < 6; c++) {
                s += p[r * 6 + c];
                assertEquals(Math.log(p[r * 6 + c]), lp[r * 6 + c], 1e-5);
            }
            assertEquals(1, s, 1e-6);
        }
    }

    @Test
    void gradientsOfEveryActivation() {
        Tensor x = Checks.awayFromZero(5, 0.1f, 3, 7);
        for (Activation a : List.of(Activation.linear(), Activation.hardTanh(), Activation.hardTanh(-0.5f, 2f),
                Activation.sigmoid(), Activation.tanh(), Activation.relu(), Activation.softplus(),
                Activation.leakyRelu(0.2f), Activation.elu(1.5f), Activation.softmax(), Activation.logSoftmax(0),
                Activation.hardSigmoid())) {
            Tensor xi = Tensor.of(x.toArray(), 3, 7);
            // Keep inputs away from the clipping points too (±1, -0.5, 2, ±3) so differences never straddle a kink.
            float[] d = xi.data();
            for (int i = 0; i < d.length; i++) {
                for (float kink : new float[] {-1f, 1f, -0.5f, 2f}) {
                    if (Math.abs(d[i] - kink) < 0.05f) {
                        d[i] += 0.1f;
                    }
                }
            }
            try {
                Checks.gradients(a, xi);
            } catch (AssertionError e) {
                throw new AssertionError(a.describe() + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void stepAndSignHaveZeroGradient() {
        for (Activation a : List.of(Activation.step(), Activation.sign())) {
            Tensor x = Tensor.randn(1, 4).requiresGrad(true);
            a.forward(x).sum().backward();
            assertArrayEquals(new float[4], x.grad().toArray(), a.describe());
        }
    }

    @Test
    void preluLearnsSharedOrPerChannelSlopes() {
        PReLU shared = new PReLU();
        assertArrayEquals(new float[] {-0.5f, -0.125f, 0, 0.5f, 2}, shared.forward(POINTS).toArray(), 1e-7f);
        Checks.gradients(shared, Checks.awayFromZero(1, 0.1f, 2, 3, 4));
        PReLU perChannel = new PReLU(3);
        perChannel.alpha().values()[1] = -0.7f;
        Checks.gradients(perChannel, Checks.awayFromZero(2, 0.1f, 2, 3, 4));
        Tensor y = perChannel.forward(Tensor.full(-1f, 1, 3, 2));
        assertArrayEquals(new float[] {-0.25f, -0.25f, 0.7f, 0.7f, -0.25f, -0.25f}, y.toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> perChannel.forward(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("PReLU(3 channels) got input [2, 4]"), e.getMessage());
    }

    @Test
    void rreluDrawsSlopesInTrainingAndUsesTheMeanInEval() {
        RReLU r = new RReLU(0.1f, 0.3f);
        Tensor x = Tensor.full(-1f, 1000);
        float[] train = r.forward(x).toArray();
        double sum = 0;
        for (float v : train) {
            assertTrue(v <= -0.1f && v >= -0.3f, "slope within [lower, upper]");
            sum += v;
        }
        assertEquals(-0.2, sum / train.length, 0.01);
        assertFalse(Arrays.equals(train, r.forward(x).toArray()), "fresh draws each pass");
        assertArrayEquals(new float[] {2f}, r.forward(Tensor.full(2f, 1)).toArray(), "positive inputs unchanged");
        r.eval();
        float[] eval = r.forward(x).toArray();
        for (float v : eval) {
            assertEquals(-0.2f, v, 1e-7f);
        }
        Checks.gradients(r, Checks.awayFromZero(3, 0.1f, 4, 5));
        // Same seed, same draws.
        Sequential a = new Sequential(new RReLU());
        Sequential b = new Sequential(new RReLU());
        a.initialize(9);
        b.initialize(9);
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
        b.initialize(10);
        assertNotEquals(Arrays.toString(a.forward(x).toArray()), Arrays.toString(b.forward(x).toArray()));
    }

    @Test
    void rreluGradientInTrainingIsTheSlopeDrawn() {
        RReLU r = new RReLU();
        Tensor x = Tensor.full(-2f, 50).requiresGrad(true);
        Tensor y = r.forward(x);
        y.sum().backward();
        float[] g = x.grad().toArray();
        float[] yv = y.toArray();
        for (int i = 0; i < g.length; i++) {
            assertEquals(yv[i] / -2f, g[i], 1e-7f);
        }
    }

    @Test
    void pointwiseWorksOnStridedViews() {
        Tensor x = Tensor.randn(4, 3, 5).requiresGrad(true);
        Tensor t = x.t();
        GradCheck.assertGradients(in -> Activations.elu(in[0].t(), 1f), x);
        assertArrayEquals(Activations.elu(t.contiguous(), 1f).toArray(), Activations.elu(t, 1f).toArray());
    }
}

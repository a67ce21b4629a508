package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.NoGrad;
import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutTest {

    @Test
    void trainingDropsAndRescalesEvalIsIdentity() {
        Dropout d = new Dropout(0.3);
        Tensor x = Tensor.full(2f, 20000);
        float[] y = d.forward(x).toArray();
        int zeros = 0;
        double sum = 0;
        for (float v : y) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(2f / 0.7f, v, 1e-6f);
            }
            sum += v;
        }
        assertEquals(0.3, zeros / 20000.0, 0.015);
        assertEquals(2.0, sum / y.length, 0.05, "inverted dropout keeps the expectation");
        d.eval();
        assertSame(x, d.forward(x));
    }

    @Test
    void gradientIsTheMask() {
        Dropout d = new Dropout(0.5);
        Tensor x = Tensor.full(3f, 100).requiresGrad(true);
        Tensor y = d.forward(x);
        y.sum().backward();
        float[] yv = y.toArray();
        float[] g = x.grad().toArray();
        for (int i = 0; i < g.length; i++) {
            assertEquals(yv[i] / 3f, g[i], 1e-6f);
        }
    }

    @Test
    void masksFollowTheSeed() {
        Sequential a = new Sequential(new Dense(4, 4), new Dropout(0.5));
        Sequential b = new Sequential(new Dense(4, 4), new Dropout(0.5));
        Tensor x = Tensor.randn(1, 8, 4);
        a.initialize(5);
        b.initialize(5);
        float[] first = a.forward(x).toArray();
        assertArrayEquals(first, b.forward(x).toArray());
        assertFalse(Arrays.equals(first, a.forward(x).toArray()), "a new mask each pass");
        a.initialize(5);
        assertArrayEquals(first, a.forward(x).toArray(), "initialize restarts the stream");
    }

    @Test
    void monteCarloDropoutSpreadAndMean() {
        Sequential model = new Sequential(new Dense(6, 64), Activation.relu(), new Dropout(0.1), new Dense(3),
                new BatchNorm1d(3));
        model.initialize(21);
        Tensor x = Tensor.randn(2, 4, 6);
        model.forward(Tensor.randn(3, 16, 6)); // gives BatchNorm running statistics
        model.train();
        model.get(0).eval(); // a mixed state, to check that it is restored
        Tensor eval = NoGrad.run(() -> {
            model.eval();
            Tensor e = model.forward(x);
            model.train();
            model.get(0).eval();
            return e;
        });
        McDropout.Prediction p = McDropout.predict(model, x, 400);
        assertEquals(400, p.passes());
        float[] mean = p.mean().toArray();
        float[] std = p.std().toArray();
        float[] ev = eval.toArray();
        for (int i = 0; i < mean.length; i++) {
            assertTrue(std[i] > 0, "passes differ");
            // Dropout feeds a linear layer, so E[output] = eval output; the standard error is std/√400.
            assertEquals(ev[i], mean[i], 4 * std[i] / 20 + 1e-4, "element " + i);
        }
        assertTrue(model.isTraining() && !model.get(0).isTraining() && model.get(2).isTraining()
                && model.get(4).isTraining(), "modes restored");
        var e = assertThrows(IllegalArgumentException.class, () -> McDropout.predict(new Dense(2, 2), x, 3));
        assertTrue(e.getMessage().contains("has no Dropout layer"), e.getMessage());
    }
}

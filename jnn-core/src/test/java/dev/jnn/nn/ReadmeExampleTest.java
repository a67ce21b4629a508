package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.nn.activation.Activation;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.Adam;
import dev.jnn.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of the README's "Layers and models" section, run as written. */
class ReadmeExampleTest {

    @Test
    void readmeExample() {
        Tensor x = Tensor.randn(1, 8, 1, 28, 28);
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};

        var model = new Sequential(
                new Conv2d(1, 6, 5).padding(2), Activation.tanh(), new AvgPool2d(2),
                new Conv2d(16, 5), Activation.tanh(), new AvgPool2d(2),            // in-channels inferred
                new Flatten(), new Dense(120), Activation.tanh(), new Dense(84), Activation.tanh(), new Dense(10));
        model.initialize(42).build(1, 1, 28, 28);       // same seed → bit-identical weights
        var optimizer = new Adam(1e-3);
        Loss loss = Loss.crossEntropy();                // int labels or probability rows, on logits

        float first = 0;
        for (int step = 0; step < 5; step++) {
            model.zeroGrad();
            Tensor l = loss.compute(model.forward(x), labels);
            l.backward();
            optimizer.step(model.parameters());
            first = step == 0 ? l.item() : first;
        }
        Map<String, Tensor> state = model.stateDict();  // "0.weight", "0.bias", "3.weight", …

        float last = loss.compute(model.eval().forward(x), labels).item();
        assertTrue(last < first, "training lowers the loss: " + first + " → " + last);
        var copy = new Sequential(
                new Conv2d(1, 6, 5).padding(2), Activation.tanh(), new AvgPool2d(2),
                new Conv2d(16, 5), Activation.tanh(), new AvgPool2d(2),
                new Flatten(), new Dense(120), Activation.tanh(), new Dense(84), Activation.tanh(), new Dense(10));
        copy.loadState(state);
        assertArrayEquals(model.forward(x).toArray(), copy.eval().forward(x).toArray());
    }
}

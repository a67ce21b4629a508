package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.param;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SoftmaxOpsTest {

    @Test
    void softmaxAndLogSoftmaxOnEveryAxis() {
        Tensor x = param(1, 3, 4, 5);
        assertGradients(in -> in[0].softmax(-1), x);
        assertGradients(in -> in[0].softmax(1), x);
        assertGradients(in -> in[0].logSoftmax(-1), x);
        assertGradients(in -> in[0].logSoftmax(0), x);
        float[] rowSums = x.softmax(1).sum(false, 1).toArray();
        for (float s : rowSums) {
            assertEquals(1f, s, 1e-6f);
        }
    }

    @Test
    void crossEntropyMatchesItsDefinitionAndGradient() {
        Tensor logits = param(2, 5, 7);
        int[] labels = {0, 6, 3, 3, 1};
        assertGradients(in -> in[0].crossEntropy(labels), logits);
        Tensor manual = logits.logSoftmax(-1);
        double expected = 0;
        for (int i = 0; i < 5; i++) {
            expected -= manual.get(i, labels[i]) / 5.0;
        }
        assertEquals(expected, logits.crossEntropy(labels).item(), 1e-6);
        var e = assertThrows(IllegalArgumentException.class, () -> logits.crossEntropy(new int[] {0, 1, 2, 7, 0}));
        assertEquals("crossEntropy: label 7 at sample 3 is outside [0, 7) for logits [5, 7]", e.getMessage());
    }
}

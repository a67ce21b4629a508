package dev.jnn.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.GradCheck;
import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LossTest {

    private static final Tensor PRED = Tensor.of(new float[] {0.5f, 2f, -1f, 0f}, 2, 2);
    private static final Tensor TARGET = Tensor.of(new float[] {1f, 1f, 1f, -1f}, 2, 2);

    @Test
    void regressionLossesByHand() {
        // differences: -0.5, 1, -2, 1
        assertEquals((0.25 + 1 + 4 + 1) / 4, Loss.mse().compute(PRED, TARGET).item(), 1e-6);
        assertEquals(0.5 * (0.25 + 1 + 4 + 1), Loss.sumOfSquares().compute(PRED, TARGET).item(), 1e-6);
        assertEquals((0.5 + 1 + 2 + 1) / 4, Loss.mae().compute(PRED, TARGET).item(), 1e-6);
    }

    @Test
    void binaryCrossEntropyByHandAndOnLogits() {
        Tensor z = Tensor.of(new float[] {-3f, -0.5f, 0f, 1f, 4f}, 5);
        Tensor y = Tensor.of(new float[] {0f, 1f, 1f, 0f, 1f}, 5);
        double expected = 0;
        for (int i = 0; i < 5; i++) {
            double p = 1 / (1 + Math.exp(-z.toArray()[i]));
            double t = y.toArray()[i];
            expected -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
        }
        expected /= 5;
        assertEquals(expected, Loss.binaryCrossEntropyWithLogits().compute(z, y).item(), 1e-6);
        assertEquals(expected, Loss.binaryCrossEntropy().compute(z.sigmoid(), y).item(), 1e-5);
        assertEquals(expected, Loss.binaryCrossEntropy().compute(z.sigmoid(), new int[] {0, 1, 1, 0, 1}).item(), 1e-5);
    }

    @Test
    void binaryCrossEntropyIsFiniteAtTheExtremes() {
        Tensor y = Tensor.of(new float[] {1f, 0f}, 2);
        float clamped = Loss.binaryCrossEntropy().compute(Tensor.of(new float[] {0f, 1f}, 2), y).item();
        float upper = 1f - Losses.PROBABILITY_EPSILON; // rounds to 1 − 2⁻²³ in float
        assertEquals(-(Math.log(Losses.PROBABILITY_EPSILON) + Math.log(1.0 - upper)) / 2, clamped, 1e-4);
        Tensor z = Tensor.of(new float[] {-200f, 200f}, 2).requiresGrad(true);
        Tensor l = Loss.binaryCrossEntropyWithLogits().compute(z, y);
        assertEquals(200f, l.item(), 1e-3);
        l.backward();
        assertEquals(-0.5f, z.grad().toArray()[0], 1e-6f, "(σ(z) − y)/n");
        assertEquals(0.5f, z.grad().toArray()[1], 1e-6f);
    }

    @Test
    void categoricalAndSparseCrossEntropyAgreeOnOneHotRows() {
        Tensor logits = Tensor.randn(4, 3, 5).mul(3f);
        int[] labels = {4, 0, 2};
        float[] oneHot = new float[15];
        for (int i = 0; i < 3; i++) {
            oneHot[i * 5 + labels[i]] = 1f;
        }
        float sparse = Loss.sparseCategoricalCrossEntropy().compute(logits, labels).item();
        float dense = Loss.categoricalCrossEntropy().compute(logits, Tensor.of(oneHot, 3, 5)).item();
        assertEquals(sparse, dense, 1e-5);
        assertEquals(sparse, Loss.crossEntropy().compute(logits, labels).item(), 1e-6);
        assertEquals(sparse, Loss.crossEntropy().compute(logits, Tensor.of(oneHot, 3, 5)).item(), 1e-5);
        double byHand = 0;
        float[] z = logits.toArray();
        for (int i = 0; i < 3; i++) {
            double lse = 0;
            for (int c = 0; c < 5; c++) {
                lse += Math.exp(z[i * 5 + c]);
            }
            byHand += Math.log(lse) - z[i * 5 + labels[i]];
        }
        assertEquals(byHand / 3, sparse, 1e-5);
        // Stable for huge logits.
        Tensor huge = Tensor.of(new float[] {1000f, 0f, -1000f}, 1, 3);
        assertEquals(0f, Loss.categoricalCrossEntropy().compute(huge, Tensor.of(new float[] {1, 0, 0}, 1, 3)).item(),
                1e-6f);
        assertEquals(2000f, Loss.categoricalCrossEntropy().compute(huge, Tensor.of(new float[] {0, 0, 1}, 1, 3)).item());
    }

    @Test
    void softTargets() {
        Tensor logits = Tensor.of(new float[] {0f, 0f}, 1, 2);
        assertEquals(Math.log(2), Loss.categoricalCrossEntropy()
                .compute(logits, Tensor.of(new float[] {0.3f, 0.7f}, 1, 2)).item(), 1e-6);
    }

    @Test
    void gradientsOfEveryLoss() {
        Tensor y = Tensor.rand(2, 3, 4);
        Tensor yRows = y.div(y.sum(true, 1));
        GradCheck.assertGradients(in -> Losses.mse(in[0], y), Tensor.randn(3, 3, 4).requiresGrad(true));
        GradCheck.assertGradients(in -> Losses.sumOfSquares(in[0], y), Tensor.randn(4, 3, 4).requiresGrad(true));
        GradCheck.assertGradients(in -> Losses.mae(in[0], y), Tensor.randn(5, 3, 4).add(3f).requiresGrad(true));
        Tensor p = Tensor.rand(6, 3, 4).mul(0.8f).add(0.1f).requiresGrad(true);
        GradCheck.assertGradients(in -> Losses.binaryCrossEntropy(in[0], y), p);
        GradCheck.assertGradients(in -> Losses.binaryCrossEntropyWithLogits(in[0], y),
                Tensor.randn(7, 3, 4).requiresGrad(true));
        GradCheck.assertGradients(in -> Losses.categoricalCrossEntropy(in[0], yRows),
                Tensor.randn(8, 3, 4).requiresGrad(true));
        GradCheck.assertGradients(in -> Losses.sparseCategoricalCrossEntropy(in[0], new int[] {3, 0, 1}),
                Tensor.randn(9, 3, 4).requiresGrad(true));
    }

    @Test
    void wrongTargetKindOrShapeSaysWhatToUse() {
        var e = assertThrows(IllegalArgumentException.class, () -> Loss.mse().compute(PRED, new int[] {0, 1}));
        assertTrue(e.getMessage().startsWith("mse: needs float targets"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> Loss.sparseCategoricalCrossEntropy().compute(PRED, TARGET));
        assertTrue(e2.getMessage().contains("Loss.categoricalCrossEntropy()"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> Loss.mse().compute(Tensor.zeros(64, 1), Tensor.zeros(64)));
        assertEquals("mse: prediction [64, 1] and target [64] differ in shape; reshape the target to [64, 1]"
                + " (losses do not broadcast)", e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class,
                () -> Loss.binaryCrossEntropy().compute(Tensor.full(0.5f, 2), new int[] {0, 2}));
        assertTrue(e4.getMessage().contains("label 2 at 1 is not 0 or 1"), e4.getMessage());
        assertEquals("mse", Loss.mse().name());
        assertFalse(Loss.of("custom", (pr, t) -> pr.sum()).compute(PRED, TARGET).requiresGrad());
    }
}

package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.GradCheck;
import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NormalizationOpsTest {

    @Test
    void batchNormGradientsInTrainingAndEvaluation() {
        Tensor gamma = param(2, 3);
        Tensor beta = param(3, 3);
        Tensor rm = Tensor.randn(4, 3);
        Tensor rv = Tensor.rand(5, 3).add(0.5f);
        for (boolean training : new boolean[] {true, false}) {
            assertGradients(in -> NormalizationOps.batchNorm(in[0], in[1], in[2], rm, rv, training, 0.1f, 1e-5f),
                    param(1, 4, 3, 5, 3), gamma, beta);
            assertGradients(in -> NormalizationOps.batchNorm(in[0], in[1], in[2], rm, rv, training, 0.1f, 1e-5f),
                    param(6, 7, 3), gamma, beta);
            assertGradients(in -> NormalizationOps.batchNorm(in[0], in[1], in[2], rm, rv, training, 0.1f, 1e-5f),
                    param(7, 2, 3, 9), gamma, beta);
        }
    }

    /**
     * ReLU has a kink at 0: a finite-difference step that moves an output across it disagrees with the analytic
     * gradient, so the step is small (1e-3) and the test first checks that every pre-activation is farther from 0
     * than the step can move it.
     */
    @Test
    void batchNormReluGradientsWithAndWithoutAnAddend() {
        Tensor gamma = param(22, 3);
        Tensor beta = param(23, 3);
        Tensor rm = Tensor.randn(24, 3);
        Tensor rv = Tensor.rand(25, 3).add(0.5f);
        Tensor x = param(21, 4, 3, 5);
        Tensor x4 = param(24, 2, 3, 2, 3);
        Tensor addend = param(1024, 2, 3, 2, 3);
        var check = new GradCheck(1e-3, 1e-3, 1e-2);
        for (boolean training : new boolean[] {true, false}) {
            assertAwayFromKink(NormalizationOps.batchNorm(x, gamma, beta, rm, rv, training, 0f, 1e-5f));
            assertPasses(check.check(in -> NormalizationOps.batchNormRelu(in[0], in[1], in[2], rm, rv, training, 0f,
                    1e-5f, null), x, gamma, beta));
            assertAwayFromKink(NormalizationOps.batchNorm(x4, gamma, beta, rm, rv, training, 0f, 1e-5f).add(addend));
            assertPasses(check.check(in -> NormalizationOps.batchNormRelu(in[0], in[1], in[2], rm, rv, training, 0f,
                    1e-5f, in[3]), x4, gamma, beta, addend));
        }
    }

    private static void assertAwayFromKink(Tensor preActivation) {
        for (float v : preActivation.toArray()) {
            assertTrue(Math.abs(v) > 0.02f, "pre-activation " + v + " is too close to ReLU's kink for the check");
        }
    }

    private static void assertPasses(GradCheck.Result r) {
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void batchNormReluIsBatchNormThenAddThenReluBitForBit() {
        Tensor x = Tensor.randn(31, 4, 3, 7).requiresGrad(true);
        Tensor addend = Tensor.randn(32, 4, 3, 7).requiresGrad(true);
        Tensor gamma = param(33, 3);
        Tensor beta = param(34, 3);
        Tensor g = Tensor.randn(35, 4, 3, 7);
        Tensor unfused = ActivationOps.relu(NormalizationOps.batchNorm(x, gamma, beta, null, null, true, 0.1f, 1e-5f)
                .add(addend));
        unfused.backward(g);
        float[][] expected = {unfused.toArray(), x.grad().toArray(), addend.grad().toArray(), gamma.grad().toArray(),
            beta.grad().toArray()};
        for (Tensor t : new Tensor[] {x, addend, gamma, beta}) {
            t.zeroGrad();
        }
        Tensor fused = NormalizationOps.batchNormRelu(x, gamma, beta, null, null, true, 0.1f, 1e-5f, addend);
        fused.backward(g);
        float[][] actual = {fused.toArray(), x.grad().toArray(), addend.grad().toArray(), gamma.grad().toArray(),
            beta.grad().toArray()};
        String[] names = {"y", "dx", "daddend", "dgamma", "dbeta"};
        for (int k = 0; k < names.length; k++) {
            assertArrayEquals(expected[k], actual[k], names[k]);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> NormalizationOps.batchNormRelu(x, gamma, beta,
                null, null, true, 0.1f, 1e-5f, Tensor.zeros(4, 3, 6)));
        assertEquals("batchNormRelu: addend [4, 3, 6] must have the input's shape [4, 3, 7]", e.getMessage());
    }

    @Test
    void batchNormOfAStridedInputMatchesItsContiguousCopy() {
        Tensor x = Tensor.randn(8, 2, 3, 4, 5);
        Tensor gamma = Tensor.randn(9, 4);
        Tensor beta = Tensor.randn(10, 4);
        Tensor strided = x.permute(0, 2, 1, 3); // [2, 4, 3, 5], not contiguous
        Tensor a = NormalizationOps.batchNorm(strided, gamma, beta, null, null, true, 0.1f, 1e-5f);
        Tensor b = NormalizationOps.batchNorm(strided.contiguous(), gamma, beta, null, null, true, 0.1f, 1e-5f);
        assertArrayEquals(b.toArray(), a.toArray());
    }

    @Test
    void trainingUpdatesTheRunningStatisticsWithTheUnbiasedVariance() {
        Tensor x = Tensor.of(new float[] {1, 10, 3, 20, 5, 60}, 3, 2); // channel 0: 1 3 5, channel 1: 10 20 60
        Tensor rm = Tensor.of(new float[] {1, 2}, 2);
        Tensor rv = Tensor.of(new float[] {1, 1}, 2);
        NormalizationOps.batchNorm(x, Tensor.ones(2), Tensor.zeros(2), rm, rv, true, 0.25f, 1e-5f);
        assertEquals(0.75 * 1 + 0.25 * 3, rm.toArray()[0], 1e-6);
        assertEquals(0.75 * 2 + 0.25 * 30, rm.toArray()[1], 1e-5);
        assertEquals(0.75 + 0.25 * 4, rv.toArray()[0], 1e-5, "unbiased variance of 1 3 5 is 4");
        assertEquals(0.75 + 0.25 * 700, rv.toArray()[1], 1e-3, "unbiased variance of 10 20 60 is 700");
    }

    @Test
    void errorsNameTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> NormalizationOps.batchNorm(Tensor.zeros(4, 3, 2),
                Tensor.ones(2), Tensor.zeros(3), null, null, true, 0.1f, 1e-5f));
        assertEquals("batchNorm: input [4, 3, 2] has 3 channels, so weight, bias and running statistics must be [3],"
                + " got [2]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NormalizationOps.batchNorm(Tensor.zeros(4, 3),
                Tensor.ones(3), Tensor.zeros(3), null, null, false, 0.1f, 1e-5f));
    }
}

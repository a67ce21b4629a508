package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.param;

import static dev.jnn.autograd.ops.Inputs.awayFromZero;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jnn.kernel.UnaryOp;
import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MatmulOpsTest {

    @Test
    void matrixTimesMatrix() {
        assertGradients(in -> in[0].matmul(in[1]), param(1, 3, 5), param(2, 5, 4));
        assertGradients(in -> in[0].t().matmul(in[1].t()), param(3, 5, 3), param(4, 4, 5));
    }

    @Test
    void vectors() {
        assertGradients(in -> in[0].matmul(in[1]), param(5, 5), param(6, 5, 3));
        assertGradients(in -> in[0].matmul(in[1]), param(7, 2, 5), param(8, 5));
    }

    @Test
    void batchedWithBroadcastBatchAxes() {
        assertGradients(in -> in[0].matmul(in[1]), param(9, 2, 3, 4), param(10, 2, 4, 5));
        assertGradients(in -> in[0].matmul(in[1]), param(11, 2, 1, 3, 4), param(12, 3, 4, 2));
        assertGradients(in -> in[0].matmul(in[1]), param(13, 3, 4), param(14, 2, 4, 3));
        assertGradients(in -> in[0].transpose(1, 2).matmul(in[1]), param(15, 2, 4, 3), param(16, 1, 4, 2));
    }

    @Test
    void fusedLinearMatchesTheComposedOpsAndItsGradients() {
        Tensor x = param(17, 2, 3, 5);
        Tensor w = param(18, 5, 4);
        Tensor b = param(19, 4);
        for (UnaryOp act : new UnaryOp[] {UnaryOp.IDENTITY, UnaryOp.SIGMOID, UnaryOp.TANH}) {
            assertGradients(in -> MatmulOps.linear(in[0], in[1], in[2], act), x, w, b);
            Tensor composed = ElementwiseOps.unary(act, x.matmul(w).add(b));
            float[] e = composed.toArray();
            float[] a = MatmulOps.linear(x, w, b, act).toArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-5f, act + " at " + i);
            }
        }
        // relu: inputs chosen so that no pre-activation is near 0 within the finite-difference step
        Tensor xr = Tensor.of(new float[] {1, 0.5f, -1, 2, 0.25f, 1.5f}, 2, 3).requiresGrad(true);
        Tensor wr = awayFromZero(20, 3, 1);
        assertGradients(in -> MatmulOps.linear(in[0], in[1], null, UnaryOp.RELU), xr, wr);
        assertArrayEquals(xr.matmul(wr).relu().toArray(), MatmulOps.linear(xr, wr, null, UnaryOp.RELU).toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> MatmulOps.linear(x, w.t(), b, UnaryOp.RELU));
        assertEquals("linear: input [2, 3, 5] and weight [4, 5] are incompatible: the weight must be [5, out]",
                e.getMessage());
    }

    @Test
    void linearGradientsOverwriteAClearedAccumulatorAndAddOtherwise() {
        Tensor x = param(21, 3, 4);
        Tensor w = param(22, 4, 4);
        Tensor b = param(23, 4);
        // w used twice in one pass: the second contribution must add to the first, whichever is written first
        MatmulOps.linear(MatmulOps.linear(x, w, b, UnaryOp.TANH), w, b, UnaryOp.IDENTITY).sum().backward();
        float[] once = w.grad().toArray();
        float[] onceBias = b.grad().toArray();
        float[] onceX = x.grad().toArray();
        MatmulOps.linear(MatmulOps.linear(x, w, b, UnaryOp.TANH), w, b, UnaryOp.IDENTITY).sum().backward();
        float[] twice = w.grad().toArray();
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 1e-5f, "accumulated across passes at " + i);
        }
        for (Tensor t : new Tensor[] {x, w, b}) {
            t.zeroGrad();
        }
        MatmulOps.linear(MatmulOps.linear(x, w, b, UnaryOp.TANH), w, b, UnaryOp.IDENTITY).sum().backward();
        assertArrayEquals(once, w.grad().toArray());
        assertArrayEquals(onceBias, b.grad().toArray());
        assertArrayEquals(onceX, x.grad().toArray());
        w.zeroGrad();
        assertArrayEquals(new float[16], w.grad().toArray(), "a cleared gradient reads as zeros");
    }
}

package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.distinct;
import static dev.jnn.autograd.ops.Inputs.param;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jnn.kernel.Pool2dShape;
import dev.jnn.kernel.UnaryOp;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ConvPoolOpsTest {

    @Test
    void conv2dWithStridePaddingDilationGroupsAndBias() {
        Tensor x = param(1, 2, 4, 7, 6);
        Tensor w = param(2, 6, 2, 3, 2);
        Tensor b = param(3, 6);
        assertGradients(in -> in[0].conv2d(in[1], in[2], 1, 0), x, param(4, 3, 4, 3, 3), param(5, 3));
        assertGradients(in -> ConvOps.conv2d(in[0], in[1], in[2], 2, 1, 1, 2, 2, 1, 2), x, w, b);
        assertGradients(in -> ConvOps.conv2d(in[0], in[1], null, 1, 1, 2, 2), x, w);
        assertEquals(Shape.of(2, 6, 3, 9), ConvOps.conv2d(x, w, b, 2, 1, 1, 2, 2, 1, 2).shape());
    }

    /** A fused activation: the composed ops' values, and finite-difference gradients (direct and im2col paths). */
    @Test
    void conv2dWithFusedActivation() {
        Tensor x = param(21, 2, 3, 6, 7);
        Tensor w = param(22, 4, 3, 3, 3);
        Tensor b = param(23, 4);
        for (UnaryOp act : new UnaryOp[] {UnaryOp.TANH, UnaryOp.SIGMOID}) {
            assertGradients(in -> ConvOps.conv2d(in[0], in[1], in[2], 1, 1, 1, 1, 1, 1, 1, act), x, w, b);
            assertGradients(in -> ConvOps.conv2d(in[0], in[1], in[2], 2, 2, 0, 1, 1, 1, 1, act), x, w, b);
        }
        // and one image of 8 channels, 16 wide: the implicit GEMM with its pixel blocks split over the threads
        Tensor x8 = param(24, 1, 8, 16, 16);
        Tensor w8 = param(25, 8, 8, 3, 3);
        Tensor b8 = param(26, 8);
        for (UnaryOp act : new UnaryOp[] {UnaryOp.IDENTITY, UnaryOp.RELU, UnaryOp.TANH, UnaryOp.SIGMOID}) {
            assertComposed(act, x, w, b);
            assertComposed(act, x8, w8, b8);
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConvOps.conv2d(x, w, b, 1, 1, 1, 1, 1, 1, 1, UnaryOp.EXP));
        assertEquals("conv2d: activation EXP is not fused; use IDENTITY, RELU, SIGMOID or TANH, or apply it"
                + " separately", e.getMessage());
    }

    private static void assertComposed(UnaryOp act, Tensor x, Tensor w, Tensor b) {
        float[] e = ElementwiseOps.unary(act, x.conv2d(w, b, 1, 1)).toArray();
        float[] a = ConvOps.conv2d(x, w, b, 1, 1, 1, 1, 1, 1, 1, act).toArray();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5f * (1 + Math.abs(e[i])), act + " at " + i);
        }
    }

    @Test
    void conv2dOnNonContiguousInput() {
        Tensor x = param(6, 2, 3, 5, 5);
        assertGradients(in -> in[0].transpose(2, 3).conv2d(in[1], null, 1, 1), x, param(7, 4, 3, 2, 2));
    }

    @Test
    void conv1d() {
        Tensor x = param(8, 2, 4, 9);
        assertGradients(in -> in[0].conv1d(in[1], in[2], 2, 1, 2, 2), x, param(9, 6, 2, 3), param(10, 6));
        assertEquals(Shape.of(2, 6, 4), x.conv1d(param(9, 6, 2, 3), null, 2, 1, 2, 2).shape());
    }

    @Test
    void shapeErrorsNameBothShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(1, 3, 5, 5).conv2d(Tensor.zeros(4, 2, 3, 3), null, 1, 0));
        assertEquals("conv2d: input [1, 3, 5, 5] has 3 channels but weight [4, 2, 3, 3] with groups=1 expects 2",
                e.getMessage());
    }

    @Test
    void maxPooling() {
        Tensor x = distinct(11, 2, 3, 7, 6);
        assertGradients(in -> in[0].maxPool2d(2, 2, 0), x);
        assertGradients(in -> in[0].maxPool2d(3, 2, 1), x);
        assertGradients(in -> PoolOps.maxPool2d(in[0], new Pool2dShape(2, 3, 7, 6, 3, 2, 2, 1, 1, 0, true)), x);
        assertGradients(in -> PoolOps.maxPool1d(in[0], 3, 2, 1), distinct(12, 2, 3, 8));
        Tensor small = Tensor.of(new float[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 3, 5, 4}, 1, 1, 4, 4);
        assertEquals("tensor([[[[5., 9.],\n          [7., 5.]]]], shape=[1, 1, 2, 2])",
                small.maxPool2d(2, 2, 0).toString());
    }

    @Test
    void averagePooling() {
        Tensor x = param(13, 2, 3, 7, 6);
        assertGradients(in -> in[0].avgPool2d(2, 2, 0), x);
        assertGradients(in -> PoolOps.avgPool2d(in[0], 3, 2, 1, false), x);
        assertGradients(in -> PoolOps.avgPool1d(in[0], 3, 2, 1, true), param(14, 2, 3, 8));
    }
}

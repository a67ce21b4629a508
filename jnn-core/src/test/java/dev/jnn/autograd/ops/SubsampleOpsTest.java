package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jnn.kernel.Parallel;
import dev.jnn.nn.ZeroPadding2d;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SubsampleOpsTest {

    /** The composition the op replaces: strided slices, then zero channels concatenated before and after. */
    private static Tensor composed(Tensor x, int stride, int before, int after) {
        Tensor sub = x.slice(2, 0, x.dim(2), stride).slice(3, 0, x.dim(3), stride);
        return ZeroPadding2d.pad(sub, 1, before, after);
    }

    @Test
    void valuesAndGradientsEqualTheSliceAndPadComposition() {
        // odd sizes, strides 1-3, channels added on one side, both or neither; one and two threads
        int[][] cases = {{2, 3, 7, 5, 2, 1, 2}, {1, 2, 6, 6, 3, 0, 3}, {3, 1, 5, 9, 1, 2, 0}, {2, 4, 8, 8, 2, 0, 0}};
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            for (int[] c : cases) {
                Tensor x = param(c[0] * 10 + c[1], c[0], c[1], c[2], c[3]);
                Tensor y = SubsampleOps.subsamplePad(x, c[4], c[5], c[6]);
                Tensor expected = composed(x, c[4], c[5], c[6]);
                assertEquals(expected.shape(), y.shape());
                assertArrayEquals(expected.toArray(), y.toArray());
                Tensor upstream = Tensor.randn(c[2] * 7L, y.shape().toArray());
                y.mul(upstream).sum().backward();
                float[] got = x.grad().toArray();
                x.zeroGrad();
                composed(x, c[4], c[5], c[6]).mul(upstream).sum().backward();
                assertArrayEquals(x.grad().toArray(), got, "case " + java.util.Arrays.toString(c));
                x.zeroGrad();
            }
        }
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void finiteDifferences() {
        assertGradients(in -> SubsampleOps.subsamplePad(in[0], 2, 1, 2), param(3, 2, 3, 5, 7));
    }

    @Test
    void badInputsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SubsampleOps.subsamplePad(Tensor.zeros(2, 3, 4), 2, 1, 1));
        assertEquals("subsamplePad: input [2, 3, 4] must be [N, C, H, W]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SubsampleOps.subsamplePad(Tensor.zeros(1, 2, 4, 4), 0, 1, 1));
        assertEquals("subsamplePad: input [1, 2, 4, 4], stride 0, 2 channels from 1 of 4: needs stride >= 1 and"
                + " before + channels <= output channels", e.getMessage());
        assertEquals(Shape.of(1, 5, 2, 2), SubsampleOps.subsamplePad(Tensor.zeros(1, 2, 4, 3), 2, 1, 2).shape());
    }
}

package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.param;

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
}

package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.distinct;
import static dev.jnn.autograd.ops.Inputs.param;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ReductionOpsTest {

    @Test
    void sumAndMean() {
        Tensor x = param(1, 3, 4, 5);
        assertGradients(in -> in[0].sum(), x);
        assertGradients(in -> in[0].sum(false, 1), x);
        assertGradients(in -> in[0].sum(true, 0, 2), x);
        assertGradients(in -> in[0].mean(), x);
        assertGradients(in -> in[0].mean(true, -1).mul(in[0]), x);
        assertGradients(in -> in[0].t().sum(false, 0), param(2, 3, 5));
    }

    @Test
    void maxAndMin() {
        Tensor x = distinct(3, 3, 4, 5);
        assertGradients(in -> in[0].max(), x);
        assertGradients(in -> in[0].max(false, 1), x);
        assertGradients(in -> in[0].min(true, 0, 2), x);
        assertGradients(in -> in[0].min(false, -1).exp(), x);
    }

    @Test
    void variance() {
        Tensor x = param(4, 3, 5, 2);
        assertGradients(in -> in[0].variance(0, false), x);
        assertGradients(in -> in[0].variance(1, true, 1), x);
        assertGradients(in -> in[0].variance(0, false, 0, 2), x);
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(1, 3).variance(1, false, 0));
        assertEquals("variance: 1 elements per group of shape [1, 3] with correction 1 leave no degrees of freedom",
                e.getMessage());
    }
}

package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.awayFromZero;
import static dev.jnn.autograd.ops.Inputs.param;
import static dev.jnn.autograd.ops.Inputs.positive;

import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ElementwiseOpsTest {

    @Test
    void arithmeticWithBroadcasting() {
        Tensor a = param(1, 3, 5);
        Tensor row = param(2, 5);
        Tensor col = param(3, 3, 1);
        Tensor s = param(4);
        assertGradients(in -> in[0].add(in[1]), a, row);
        assertGradients(in -> in[0].sub(in[1]), col, a);
        assertGradients(in -> in[0].mul(in[1]).mul(in[2]), a, col, row);
        assertGradients(in -> in[0].mul(in[1]), Inputs.param(5, 2, 1, 3), Inputs.param(6, 4, 1));
        assertGradients(in -> in[0].sub(in[1].reshape()), a, s);
        assertGradients(in -> in[0].div(in[1]), a, positive(7, 3, 1));
        assertGradients(in -> in[1].div(in[0]), positive(8, 5), a);
    }

    @Test
    void scalarVariants() {
        Tensor a = param(11, 2, 3, 3);
        assertGradients(in -> in[0].add(2).mul(-3).sub(1).div(4), a);
        assertGradients(in -> in[0].pow(3), a);
        assertGradients(in -> in[0].pow(2), a);
        assertGradients(in -> in[0].pow(-1.5f), positive(12, 7));
    }

    @Test
    void powerOfTensors() {
        assertGradients(in -> in[0].pow(in[1]), positive(13, 3, 4), param(14, 4));
    }

    @Test
    void elementwiseMaxMin() {
        Tensor a = Inputs.distinct(15, 4, 3);
        Tensor b = Inputs.distinct(16, 3).detach();
        b.mulInPlace(1.07f).addInPlace(Tensor.scalar(0.013f), 1);
        b.requiresGrad(true);
        assertGradients(in -> in[0].maximum(in[1]), a, b);
        assertGradients(in -> in[0].minimum(in[1]), a, b);
    }

    @Test
    void unaryFunctions() {
        Tensor x = param(21, 3, 7);
        assertGradients(in -> in[0].exp(), x);
        assertGradients(in -> in[0].neg(), x);
        assertGradients(in -> in[0].square(), x);
        assertGradients(in -> in[0].tanh(), x);
        assertGradients(in -> in[0].sigmoid(), x);
        assertGradients(in -> in[0].log(), positive(22, 9));
        assertGradients(in -> in[0].sqrt(), positive(23, 9));
        assertGradients(in -> in[0].abs(), awayFromZero(24, 3, 7));
        assertGradients(in -> in[0].relu(), awayFromZero(25, 3, 7));
    }

    @Test
    void nonContiguousInputs() {
        Tensor x = param(31, 4, 6);
        assertGradients(in -> in[0].t().exp().mul(in[0].t()), x);
        assertGradients(in -> in[0].slice(1, 1, 6, 2).tanh().add(in[0].narrow(1, 0, 3)), x);
    }
}

package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ShapeOpsTest {

    @Test
    void viewsPassGradientsThrough() {
        Tensor x = param(1, 2, 3, 5);
        Tensor w = param(2, 30);
        assertGradients(in -> in[0].reshape(-1, 5).mul(in[1].reshape(6, 5)), x, w);
        assertGradients(in -> in[0].transpose(0, 2).exp(), x);
        assertGradients(in -> in[0].permute(2, 0, 1).reshape(5, 6).mul(in[1].view(5, 6)), x, w);
        assertGradients(in -> in[0].unsqueeze(1).squeeze(1).squeeze().tanh(), param(3, 3, 1, 4));
        assertGradients(in -> in[0].expand(4, 3, 5).mul(in[1]), param(4, 3, 1), param(5, 4, 1, 5));
        assertGradients(in -> in[0].copy().contiguous(), x);
    }

    @Test
    void slicesWithSteps() {
        Tensor x = param(6, 5, 7);
        assertGradients(in -> in[0].slice(1, 1, 7, 3), x);
        assertGradients(in -> in[0].slice(0, -3, 5, 2).narrow(1, 2, 4).exp(), x);
        assertEquals(Shape.of(0, 7), x.slice(0, 4, 2, 1).shape());
    }

    @Test
    void concatAndStack() {
        Tensor a = param(7, 2, 3);
        Tensor b = param(8, 2, 4);
        Tensor c = param(9, 2, 3);
        assertGradients(in -> Tensor.concat(1, in[0], in[1], in[2]).exp(), a, b, c);
        assertGradients(in -> Tensor.stack(0, in[0], in[1]).tanh(), a, c);
        assertGradients(in -> Tensor.stack(-1, in[0], in[1].t().t()).sigmoid(), a, c);
        Tensor s = Tensor.stack(2, Tensor.arange(3).reshape(1, 3), Tensor.arange(3).reshape(1, 3).add(10));
        assertEquals(Shape.of(1, 3, 2), s.shape());
        assertArrayEquals(new float[] {0, 10, 1, 11, 2, 12}, s.toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, a, b));
        assertEquals("concat: shapes [2, 3] and [2, 4] differ outside axis 0", e.getMessage());
    }
}

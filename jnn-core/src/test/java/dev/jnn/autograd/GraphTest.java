package dev.jnn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GraphTest {

    @Test
    void gradientsAccumulateOnLeavesAcrossBackwardCalls() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor y = x.mul(x).sum();               // dy/dx = 2x
        assertFalse(y.isLeaf());
        assertTrue(x.isLeaf());
        y.backward();
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toArray());
        x.mul(3).sum().backward();
        assertArrayEquals(new float[] {5, 7, 9}, x.grad().toArray());
        x.zeroGrad();
        assertArrayEquals(new float[] {0, 0, 0}, x.grad().toArray());
    }

    @Test
    void sharedSubexpressionGetsTheSumOfItsPaths() {
        Tensor a = Tensor.scalar(3).requiresGrad(true);
        Tensor b = a.mul(2);                     // b = 2a
        Tensor c = b.mul(b).add(b);              // c = b² + b → dc/da = (2b + 1)·2 = 26
        c.backward();
        assertEquals(26f, a.grad().item());
    }

    @Test
    void detachAndNoGradStopRecording() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        Tensor d = w.mul(2).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        try (var g = NoGrad.enter()) {
            assertFalse(w.mul(2).requiresGrad());
        }
        assertTrue(w.mul(2).requiresGrad());
        Tensor r = NoGrad.run(() -> w.exp());
        assertNull(r.gradFn());
        assertThrows(IllegalStateException.class, () -> d.sum().backward());
    }

    @Test
    void misuseFailsWithClearMessages() {
        Tensor w = Tensor.ones(2, 2).requiresGrad(true);
        Tensor y = w.mul(2);
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
        var f = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertTrue(f.getMessage().contains("mul"), f.getMessage());
        assertTrue(y.toString().contains("gradFn=mul"), y.toString());
    }

    @Test
    void secondBackwardThroughAFreedGraphFailsClearly() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        Tensor loss = x.exp().sum();
        loss.backward();
        assertTrue(loss.gradFn().isReleased());
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("recompute"), e.getMessage());
    }

    @Test
    void backwardWithAnExplicitOutputGradient() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        x.mul(x).backward(Tensor.of(new float[] {1, 10}, 2));
        assertArrayEquals(new float[] {2, 40}, x.grad().toArray());
    }

    @Test
    void customOpWithHandWrittenBackward() {
        // cube(x) = x³ with its backward rule 3x²: the documented way to add an op
        Tensor x = Tensor.of(new float[] {0.5f, -1.5f, 2f}, 3).requiresGrad(true);
        GradCheck.assertGradients(in -> cube(in[0]), x);
    }

    private static Tensor cube(Tensor x) {
        Tensor y = NoGrad.run(() -> x.mul(x).mul(x));
        return Graph.record(y, "cube", g -> new Tensor[] {g.mul(x.square()).mul(3)}, x);
    }

    @Test
    void gradCheckCatchesAWrongBackwardAndNamesTheElement() {
        Tensor x = Tensor.of(new float[] {0.5f, -1.5f, 2f}, 3).requiresGrad(true);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertGradients(in -> {
            Tensor y = NoGrad.run(() -> in[0].mul(in[0]));
            return Graph.record(y, "wrongSquare", g -> new Tensor[] {g.mul(in[0])}, in[0]); // should be 2x
        }, x));
        assertTrue(e.getMessage().contains("FAILED") && e.getMessage().contains("input 0 at [2]"), e.getMessage());
    }
}

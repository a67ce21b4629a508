package dev.jnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jnn.kernel.Parallel;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Parameters big enough to be updated in slices on several threads (offsets, a size that is not a multiple of the
 * vector width, a slice border inside a parameter) give bit-identical results on one thread and on two, and the same
 * as updating each parameter alone.
 */
class OptimizerThreadsTest {

    private static final List<Supplier<Optimizer>> ALL = List.of(() -> new Sgd(0.1), () -> new Momentum(0.1, 0.9),
            () -> new Nesterov(0.1, 0.9), () -> new AdaGrad(0.1), () -> new RmsProp(0.01),
            () -> new Adam(0.01).weightDecay(0.01));

    @Test
    void slicedUpdatesMatchOneThreadAndPerParameterUpdates() {
        for (Supplier<Optimizer> make : ALL) {
            float[][] oneThread = run(make, 1, false);
            float[][] twoThreads = run(make, 2, false);
            float[][] separately = run(make, 2, true);
            String name = make.get().name();
            for (int k = 0; k < oneThread.length; k++) {
                assertArrayEquals(oneThread[k], twoThreads[k], name + " parameter " + k);
                assertArrayEquals(oneThread[k], separately[k], name + " parameter " + k + " stepped alone");
            }
        }
    }

    /** Three steps over a big, a small and a mid-sized parameter; returns their values. */
    private static float[][] run(Supplier<Optimizer> make, int threads, boolean oneAtATime) {
        int[] sizes = {Optimizer.PARALLEL_MIN + 4_099, 3, 9_001};
        Random rnd = new Random(5);
        Param[] params = new Param[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            float[] values = new float[sizes[k] + 2];
            float[] grads = new float[sizes[k] + 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = rnd.nextFloat() * 2 - 1;
            }
            params[k] = new Param("p" + k, values, 2, grads, 1, new int[] {sizes[k]}, true);
        }
        Optimizer[] opts = new Optimizer[oneAtATime ? sizes.length : 1];
        for (int i = 0; i < opts.length; i++) {
            opts[i] = make.get();
        }
        int before = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            for (int t = 0; t < 3; t++) {
                for (Param p : params) {
                    for (int i = 0; i < p.size(); i++) {
                        p.grads()[p.gradsOffset() + i] = rnd.nextFloat() * 2 - 1;
                    }
                }
                if (oneAtATime) {
                    for (int k = 0; k < params.length; k++) {
                        opts[k].step(List.of(params[k]));
                    }
                } else {
                    opts[0].step(List.of(params));
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertEquals(3, opts[0].steps());
        float[][] out = new float[params.length][];
        for (int k = 0; k < params.length; k++) {
            out[k] = params[k].values().clone();
        }
        return out;
    }
}

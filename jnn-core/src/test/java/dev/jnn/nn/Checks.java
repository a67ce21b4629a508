package dev.jnn.nn;

import dev.jnn.autograd.GradCheck;
import dev.jnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: gradient checks of a whole module (input and every trainable parameter), seeded inputs. */
public final class Checks {

    private Checks() {}

    /** Checks d(output)/d(input) and d(output)/d(every trainable parameter) by finite differences. */
    public static GradCheck.Result gradients(Module m, Tensor x) {
        m.build(x.shape().toArray());
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x.requiresGrad(true));
        for (Parameter p : m.parameters()) {
            if (p.trainable()) {
                inputs.add(p.tensor());
            }
        }
        return GradCheck.assertGradients(in -> m.forward(in[0]), inputs.toArray(new Tensor[0]));
    }

    /** Normal samples nudged away from 0 by at least {@code gap} (for layers with a kink at 0). */
    public static Tensor awayFromZero(long seed, float gap, int... dims) {
        Tensor t = Tensor.randn(seed, dims);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.copySign(Math.abs(d[i]) + gap, d[i]);
        }
        return t;
    }
}

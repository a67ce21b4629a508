package dev.jnn.nn;

import dev.jnn.autograd.NoGrad;
import dev.jnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Monte-Carlo dropout (Gal and Ghahramani 2016): predictions with dropout kept active at inference, repeated
 * {@code passes} times; the mean is the prediction and the standard deviation across passes a measure of the model's
 * uncertainty.
 * <pre>{@code
 * McDropout.Prediction p = McDropout.predict(model, x, 50);
 * p.mean(); p.std();
 * }</pre>
 * During the passes every {@link Dropout} layer is in training mode and every other module in evaluation mode (so
 * batch normalization uses its running statistics); the previous modes are restored afterwards. Gradients are not
 * recorded.
 */
public final class McDropout {

    /**
     * The per-element mean and standard deviation of the outputs over {@code passes} passes. The standard deviation is
     * the population one, {@code √(Σ(y − mean)²/passes)}: the spread of the passes actually drawn.
     */
    public record Prediction(Tensor mean, Tensor std, int passes) {}

    private McDropout() {}

    public static Prediction predict(Module model, Tensor x, int passes) {
        if (passes < 1) {
            throw new IllegalArgumentException("McDropout.predict: passes must be >= 1, got " + passes);
        }
        // Parents before children: restoring in this order is exact even though train(boolean) recurses.
        List<Module> modules = List.copyOf(model.namedModules().values());
        List<Boolean> modes = new ArrayList<>();
        modules.forEach(m -> modes.add(m.isTraining()));
        int dropouts = 0;
        try (NoGrad g = NoGrad.enter()) {
            model.eval();
            for (Module m : modules) {
                if (m instanceof Dropout) {
                    m.train(true);
                    dropouts++;
                }
            }
            if (dropouts == 0) {
                throw new IllegalArgumentException("McDropout.predict: " + model.describe()
                        + " has no Dropout layer, so every pass would give the same output");
            }
            // Welford's running mean and sum of squared deviations, in double.
            double[] mean = null;
            double[] m2 = null;
            int[] dims = null;
            for (int k = 1; k <= passes; k++) {
                Tensor y = model.forward(x);
                float[] v = y.toArray();
                if (mean == null) {
                    mean = new double[v.length];
                    m2 = new double[v.length];
                    dims = y.shape().toArray();
                }
                for (int i = 0; i < v.length; i++) {
                    double d = v[i] - mean[i];
                    mean[i] += d / k;
                    m2[i] += d * (v[i] - mean[i]);
                }
            }
            float[] mu = new float[mean.length];
            float[] sd = new float[mean.length];
            for (int i = 0; i < mu.length; i++) {
                mu[i] = (float) mean[i];
                sd[i] = (float) Math.sqrt(m2[i] / passes);
            }
            return new Prediction(Tensor.of(mu, dims), Tensor.of(sd, dims), passes);
        } finally {
            for (int i = 0; i < modules.size(); i++) {
                modules.get(i).train(modes.get(i));
            }
        }
    }
}

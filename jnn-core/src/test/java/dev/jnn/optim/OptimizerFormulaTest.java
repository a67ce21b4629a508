package dev.jnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer's first three updates against the textbook formula, evaluated here in double with explicit
 * arithmetic. Two elements with hand-picked gradients; then 37 elements (not a multiple of the vector width, with
 * offsets) with random gradients so that the vector loop and its scalar tail are both checked.
 */
class OptimizerFormulaTest {

    static final double[] W0 = {1.0, -2.0};
    static final double[][] G = {{0.5, -1.0}, {0.1, 0.3}, {-0.4, 0.2}};

    @Test
    void sgdHandComputed() {
        var p = Param.of("w", 1f, -2f);
        var opt = new Sgd(0.1);
        // w ← w − η·g, by hand: step 1: 1 − 0.1·0.5 = 0.95, −2 − 0.1·(−1) = −1.9
        double[][] expected = {{0.95, -1.9}, {0.94, -1.93}, {0.98, -1.95}};
        for (int t = 0; t < 3; t++) {
            p.setGrads((float) G[t][0], (float) G[t][1]);
            opt.step(List.of(p));
            assertEquals(expected[t][0], p.value(0), 1e-6, "step " + (t + 1));
            assertEquals(expected[t][1], p.value(1), 1e-6, "step " + (t + 1));
        }
    }

    @Test
    void momentum() {
        double eta = 0.1, beta = 0.9;
        check(new Momentum(eta), (w, g, steps) -> {
            double[] m = new double[w.length];
            for (double[] gt : g) {
                for (int i = 0; i < w.length; i++) {
                    m[i] = beta * m[i] - eta * gt[i];          // m ← βm − η∇J(θ)
                    w[i] = w[i] + m[i];                        // θ ← θ + m
                }
            }
        });
        // Step 1 by hand: m = −0.05, w = 0.95; step 2: m = 0.9·(−0.05) − 0.01 = −0.055, w = 0.895.
        var p = Param.of("w", 1f, -2f);
        var opt = new Momentum(0.1);
        for (int t = 0; t < 2; t++) {
            p.setGrads((float) G[t][0], (float) G[t][1]);
            opt.step(List.of(p));
        }
        assertEquals(0.895, p.value(0), 1e-6);
    }

    @Test
    void adaGrad() {
        double eta = 0.01, eps = 1e-10;
        check(new AdaGrad(eta), (w, g, steps) -> {
            double[] s = new double[w.length];
            for (double[] gt : g) {
                for (int i = 0; i < w.length; i++) {
                    s[i] = s[i] + gt[i] * gt[i];
                    w[i] = w[i] - eta * gt[i] / (Math.sqrt(s[i]) + eps);
                }
            }
        });
    }

    @Test
    void rmsProp() {
        double eta = 0.001, rho = 0.9, eps = 1e-8;
        check(new RmsProp(), (w, g, steps) -> {
            double[] s = new double[w.length];
            for (double[] gt : g) {
                for (int i = 0; i < w.length; i++) {
                    s[i] = rho * s[i] + (1 - rho) * gt[i] * gt[i];
                    w[i] = w[i] - eta * gt[i] / (Math.sqrt(s[i]) + eps);
                }
            }
        });
        // Step 1 by hand: s = 0.1·0.25 = 0.025, w = 1 − 0.001·0.5/√0.025 = 1 − 0.0031623 = 0.9968377
        var p = Param.of("w", 1f, -2f);
        p.setGrads(0.5f, -1f);
        new RmsProp().step(List.of(p));
        assertEquals(0.99683772, p.value(0), 1e-6);
    }

    @Test
    void adam() {
        double eta = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        check(new Adam(), (w, g, steps) -> {
            double[] m = new double[w.length];
            double[] v = new double[w.length];
            int t = 0;
            for (double[] gt : g) {
                t++;
                for (int i = 0; i < w.length; i++) {
                    m[i] = b1 * m[i] + (1 - b1) * gt[i];
                    v[i] = b2 * v[i] + (1 - b2) * gt[i] * gt[i];
                    double mHat = m[i] / (1 - Math.pow(b1, t));
                    double vHat = v[i] / (1 - Math.pow(b2, t));
                    w[i] = w[i] - eta * mHat / (Math.sqrt(vHat) + eps);
                }
            }
        });
        // Step 1 by hand: m̂ = g, v̂ = g², so w moves by η·sign(g) (up to ε): 1 − 0.001 = 0.999.
        var p = Param.of("w", 1f, -2f);
        p.setGrads(0.5f, -1f);
        new Adam().step(List.of(p));
        assertEquals(0.999, p.value(0), 1e-6);
        assertEquals(-1.999, p.value(1), 1e-6);
    }

    @Test
    void sgdWithWeightDecayUsesCoupledL2() {
        double eta = 0.1, wd = 0.01;
        check(new Sgd(eta).weightDecay(wd), (w, g, steps) -> {
            for (double[] gt : g) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = w[i] - eta * (gt[i] + wd * w[i]);
                }
            }
        });
    }

    @Test
    void adamWithWeightDecay() {
        double eta = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
        check(new Adam(eta).weightDecay(wd), (w, g, steps) -> {
            double[] m = new double[w.length];
            double[] v = new double[w.length];
            int t = 0;
            for (double[] gt : g) {
                t++;
                for (int i = 0; i < w.length; i++) {
                    double gi = gt[i] + wd * w[i];
                    m[i] = b1 * m[i] + (1 - b1) * gi;
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    w[i] = w[i] - eta * (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
                }
            }
        });
    }

    /**
     * Nesterov's textbook form takes the gradient at the look-ahead point θ + βm. On J(θ) = ½·Σ aᵢθᵢ² that gradient is
     * known in closed form, so the test runs the textbook recursion in double and checks that the optimizer's weights
     * (which it keeps at the look-ahead point, fed ∇J at its own weights) equal θ + βm after each of three steps.
     */
    @Test
    void nesterovMatchesTextbookLookAhead() {
        double eta = 0.1, beta = 0.9;
        double[] a = {2.0, 0.5, 3.0};
        double[] theta = {1.0, -2.0, 0.5};
        double[] m = new double[3];
        var p = Param.of("w", 1f, -2f, 0.5f);
        var opt = new Nesterov(eta);
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 3; i++) {
                p.grads()[i] = (float) (a[i] * p.value(i));            // ∇J at the optimizer's weights
                double lookAhead = theta[i] + beta * m[i];
                m[i] = beta * m[i] - eta * a[i] * lookAhead;            // m ← βm − η∇J(θ + βm)
                theta[i] = theta[i] + m[i];                             // θ ← θ + m
            }
            opt.step(List.of(p));
            for (int i = 0; i < 3; i++) {
                assertEquals(theta[i] + beta * m[i], p.value(i), 1e-6, "step " + t + " element " + i);
            }
        }
    }

    /** The reference: updates {@code w} in place by all gradient rows of {@code g}, in double. */
    interface Reference {
        void run(double[] w, double[][] g, int steps);
    }

    /** Runs the optimizer for three steps on the hand-picked and on random problems, comparing each step. */
    private static void check(Optimizer opt, Reference ref) {
        compare(opt, ref, W0, G, 0);
        Random rnd = new Random(42);
        int n = 37;
        double[] w0 = new double[n];
        double[][] g = new double[3][n];
        for (int i = 0; i < n; i++) {
            w0[i] = rnd.nextGaussian();
            for (int t = 0; t < 3; t++) {
                g[t][i] = rnd.nextGaussian();
            }
        }
        compare(fresh(opt), ref, w0, g, 5);
    }

    private static void compare(Optimizer opt, Reference ref, double[] w0, double[][] g, int offset) {
        int n = w0.length;
        float[] values = new float[offset + n];
        float[] grads = new float[offset + n + 3];
        for (int i = 0; i < n; i++) {
            values[offset + i] = (float) w0[i];
        }
        var p = new Param("w", values, offset, grads, offset + 3, new int[] {n}, true);
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < n; i++) {
                grads[offset + 3 + i] = (float) g[t - 1][i];
            }
            opt.step(List.of(p));
            double[] expected = w0.clone();
            ref.run(expected, java.util.Arrays.copyOf(g, t), t);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], p.value(i), 2e-6 * (1 + Math.abs(expected[i])),
                        opt.name() + " step " + t + " element " + i + " of " + n);
            }
        }
    }

    /** A new optimizer of the same kind and configuration, without state. */
    private static Optimizer fresh(Optimizer o) {
        var state = o.state();
        var copy = switch (o) {
            case Sgd s -> new Sgd(o.learningRate());
            case Momentum m -> new Momentum(o.learningRate(), m.beta());
            case Nesterov m -> new Nesterov(o.learningRate(), m.beta());
            case AdaGrad a -> new AdaGrad(o.learningRate(), a.epsilon());
            case RmsProp r -> new RmsProp(o.learningRate(), r.rho(), r.epsilon());
            case Adam a -> new Adam(o.learningRate(), a.beta1(), a.beta2(), a.epsilon());
            default -> throw new IllegalArgumentException(o.name());
        };
        assertEquals(3, state.step());
        return copy.weightDecay(o.weightDecay());
    }
}

package dev.jnn.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.optim.Sgd;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void piecewiseConstantSwitchesAtEachBoundary() {
        var s = new PiecewiseConstant(new long[] {5, 15}, 0.1, 0.01, 0.001);
        long[] ticks = {0, 4, 5, 14, 15, 1000};
        double[] expected = {0.1, 0.1, 0.01, 0.01, 0.001, 0.001};
        for (int i = 0; i < ticks.length; i++) {
            assertEquals(expected[i], s.learningRate(ticks[i]), 0, "t=" + ticks[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> new PiecewiseConstant(new long[] {5, 5}, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new PiecewiseConstant(new long[] {5}, 1));
    }

    @Test
    void exponentialDividesByTenEveryR() {
        var s = new ExponentialDecay(0.01, 20);
        assertEquals(0.01, s.learningRate(0), 1e-15);
        assertEquals(0.001, s.learningRate(20), 1e-15);
        assertEquals(0.0001, s.learningRate(40), 1e-15);
        assertEquals(0.01 * Math.pow(10, -0.35), s.learningRate(7), 1e-15);
    }

    @Test
    void powerDecayClosedForm() {
        var s = new PowerDecay(0.1, 10);
        assertEquals(0.1, s.learningRate(0), 1e-15);
        assertEquals(0.05, s.learningRate(10), 1e-15);
        assertEquals(0.1 / 3, s.learningRate(20), 1e-15);
        var c2 = new PowerDecay(0.1, 10, 2);
        assertEquals(0.1 / (1.5 * 1.5), c2.learningRate(5), 1e-15);
    }

    @Test
    void stepDecayMultipliesByGammaEveryStepSize() {
        var s = new StepDecay(0.1, 0.5, 3);
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.learningRate(t), 1e-15, "t=" + t);
        }
    }

    @Test
    void cosineWithWarmup() {
        var s = new CosineDecay(1.0, 14, 0.1, 4);
        assertEquals(0.25, s.learningRate(0), 1e-15);
        assertEquals(0.75, s.learningRate(2), 1e-15);
        assertEquals(1.0, s.learningRate(3), 1e-15);
        assertEquals(1.0, s.learningRate(4), 1e-15);                              // cosine starts at η0
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.3)), s.learningRate(7), 1e-15);
        assertEquals(0.55, s.learningRate(9), 1e-15);                             // half way: the mean
        assertEquals(0.1, s.learningRate(14), 1e-15);
        assertEquals(0.1, s.learningRate(100), 1e-15);
        var plain = new CosineDecay(2.0, 10);
        assertEquals(2.0, plain.learningRate(0), 1e-15);
        assertEquals(1.0, plain.learningRate(5), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(1, 5, 0, 5));
    }

    @Test
    void schedulesSetTheOptimizerRateAndLambdasWork() {
        var opt = new Sgd(1);
        new StepDecay(0.1, 0.1, 2).applyTo(opt, 5);
        assertEquals(0.1 * 0.01, opt.learningRate(), 1e-15);
        LearningRateSchedule custom = t -> t < 2 ? 0.5 : 0.05;
        custom.applyTo(opt, 3);
        assertEquals(0.05, opt.learningRate(), 0);
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 5).learningRate(-1));
    }

    @Test
    void plateauWaitsForPatienceAndSkipsCooldown() {
        var p = new ReduceOnPlateau(ReduceOnPlateau.Mode.MIN, 0.5, 2, 0.01, 1, 0);
        double[] metrics = {1.0, 0.995, 0.98, 0.98, 0.99, 0.99, 0.99, 0.99, 0.5, 0.6, 0.6};
        // 0.995 is within minDelta of 1.0: no improvement. Reductions after two bad evaluations; the evaluation
        // right after a reduction is cooldown and does not count.
        double[] expected = {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125};
        double lr = 1;
        double[] got = new double[metrics.length];
        for (int i = 0; i < metrics.length; i++) {
            lr = p.update(metrics[i], lr);
            got[i] = lr;
        }
        assertArrayEquals(expected, got, 0);
        assertEquals(0.5, p.best(), 0);
    }

    @Test
    void plateauWithoutCooldownReducesSooner() {
        var p = new ReduceOnPlateau(ReduceOnPlateau.Mode.MIN, 0.5, 2, 0.01, 0, 0);
        double[] metrics = {1.0, 0.995, 0.98, 0.98, 0.99, 0.99, 0.99};
        double[] expected = {1, 1, 1, 1, 0.5, 0.5, 0.25};
        double lr = 1;
        for (int i = 0; i < metrics.length; i++) {
            lr = p.update(metrics[i], lr);
            assertEquals(expected[i], lr, 0, "evaluation " + i);
        }
    }

    @Test
    void plateauMaxModeRespectsMinLrAndDrivesAnOptimizer() {
        var p = new ReduceOnPlateau(ReduceOnPlateau.Mode.MAX).withPatience(1).withFactor(0.1).withMinLr(0.005);
        var opt = new Sgd(0.1);
        assertFalse(p.update(0.80, opt));           // accuracy rises: best
        assertFalse(p.update(0.85, opt));
        assertTrue(p.update(0.85, opt));            // no gain: 0.1 → 0.01
        assertEquals(0.01, opt.learningRate(), 1e-15);
        assertTrue(p.update(0.84, opt));            // 0.001 would be below minLr
        assertEquals(0.005, opt.learningRate(), 1e-15);
        assertFalse(p.update(0.83, opt));           // already at minLr
        assertEquals(0.005, opt.learningRate(), 1e-15);
        assertEquals(0.05, p.update(Double.NaN, 0.5), 1e-15);  // NaN never improves: a bad evaluation, reduces
    }

    @Test
    void plateauStateRoundTrips() {
        var a = new ReduceOnPlateau(ReduceOnPlateau.Mode.MIN).withPatience(3).withCooldown(2);
        double lr = 1;
        for (double m : new double[] {1, 0.9, 0.95, 0.95, 0.95, 0.95}) {
            lr = a.update(m, lr);
        }
        var b = new ReduceOnPlateau(ReduceOnPlateau.Mode.MIN).withPatience(3).withCooldown(2);
        b.restore(a.state());
        for (double m : new double[] {0.95, 0.95, 0.95, 0.95, 0.7, 0.8}) {
            assertEquals(a.update(m, lr), b.update(m, lr), 0);
        }
        assertEquals(a.state(), b.state());
    }
}

package dev.jnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OptimizerBehaviorTest {

    static final List<Supplier<Optimizer>> ALL = List.of(
            () -> new Sgd(0.1), () -> new Momentum(0.1), () -> new Nesterov(0.1), () -> new AdaGrad(),
            () -> new RmsProp(), () -> new Adam());

    @Test
    void stateRoundTripGivesTheSameNextUpdate() {
        for (var make : ALL) {
            Random rnd = new Random(3);
            var a = Param.of("dense1.weight", random(rnd, 21));
            var b = Param.of("dense1.bias", random(rnd, 5));
            var opt = make.get();
            for (int t = 0; t < 3; t++) {
                a.setGrads(random(rnd, 21));
                b.setGrads(random(rnd, 5));
                opt.step(List.of(a, b));
            }
            OptimizerState saved = opt.state();
            float[] aSaved = a.values().clone();
            float[] bSaved = b.values().clone();
            float[] ga = random(rnd, 21);
            float[] gb = random(rnd, 5);

            a.setGrads(ga);
            b.setGrads(gb);
            opt.step(List.of(a, b));
            float[] aNext = a.values().clone();

            var restored = make.get();
            restored.setLearningRate(123);      // overwritten by the state
            restored.loadState(saved);
            assertEquals(saved, restored.state(), opt.name());
            var a2 = Param.of("dense1.weight", aSaved);
            var b2 = Param.of("dense1.bias", bSaved);
            a2.setGrads(ga);
            b2.setGrads(gb);
            restored.step(List.of(a2, b2));
            assertArrayEquals(aNext, a2.values(), opt.name());
            assertArrayEquals(b.values(), b2.values(), opt.name());
            assertEquals(4, restored.steps());
        }
    }

    @Test
    void stateIsPlainDataKeyedByParameterAndSlot() {
        var p = Param.of("w", 1f, 2f);
        p.setGrads(1f, 1f);
        var opt = new Adam();
        opt.step(List.of(p));
        var s = opt.state();
        assertEquals("Adam", s.optimizer());
        assertEquals(1, s.step());
        assertEquals(List.of("w/m", "w/v"), List.copyOf(s.slots().keySet()));
        assertArrayEquals(new float[] {0.1f, 0.1f}, s.slots().get("w/m"), 1e-7f);
        s.slots().get("w/m")[0] = 99;           // a copy: the optimizer is unaffected
        assertEquals(0.1f, opt.state().slots().get("w/m")[0], 1e-7f);
    }

    @Test
    void loadStateRejectsOtherOptimizersAndUnknownSlots() {
        var adam = new Adam().state();
        var e = assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).loadState(adam));
        assertTrue(e.getMessage().contains("Adam"), e.getMessage());
        var bad = new OptimizerState("Adam", 1, 0.001, java.util.Map.of("w/q", new float[2]));
        assertThrows(IllegalArgumentException.class, () -> new Adam().loadState(bad));
        var wrongSize = new OptimizerState("Momentum", 1, 0.1, java.util.Map.of("w/m", new float[3]));
        var m = new Momentum(0.1);
        m.loadState(wrongSize);
        var p = Param.of("w", 1f, 2f);
        assertThrows(IllegalStateException.class, () -> m.step(List.of(p)));
    }

    @Test
    void groupsScaleTheLearningRateAndOverrideWeightDecay() {
        var body = Param.of("body.w", 1f);
        var head = Param.of("head.w", 1f);
        var headBias = Param.of("head.bias", 1f);
        var opt = new Sgd(0.1).weightDecay(0.5)
                .group("head.", 10)
                .group(new ParamGroup("head.bias", 10, 0));
        body.setGrads(1f);
        head.setGrads(1f);
        headBias.setGrads(1f);
        opt.step(List.of(body, head, headBias));
        assertEquals(1 - 0.1 * (1 + 0.5), body.value(0), 1e-6);
        assertEquals(1 - 1.0 * (1 + 0.5), head.value(0), 1e-6);
        assertEquals(1 - 1.0 * 1, headBias.value(0), 1e-6);
        opt.setLearningRate(0.01);              // a schedule still drives grouped parameters
        opt.step(List.of(head));
        assertEquals(-0.5 - 0.1 * (1 + 0.5 * -0.5), head.value(0), 1e-6);
    }

    @Test
    void frozenParametersAreSkipped() {
        for (var make : ALL) {
            var p = Param.of("w", 1f, 2f).frozen();
            p.setGrads(1f, 1f);
            var opt = make.get();
            opt.step(List.of(p));
            assertArrayEquals(new float[] {1f, 2f}, p.values(), opt.name());
            assertTrue(opt.state().slots().isEmpty(), opt.name());
        }
    }

    @Test
    void duplicateNamesInOneStepAreRejected() {
        var a = Param.of("w", 1f);
        var b = Param.of("w", 2f);
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam().step(List.of(a, b)));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void everyOptimizerDescendsAQuadratic() {
        for (var make : ALL) {
            var p = Param.of("w", 3f, -2f, 1f);
            var opt = make.get();
            opt.setLearningRate(opt instanceof AdaGrad ? 0.5 : 0.05);   // AdaGrad's rate decays by itself
            double before = loss(p);
            for (int t = 0; t < 50; t++) {
                for (int i = 0; i < 3; i++) {
                    p.grads()[i] = p.values()[i];       // ∇ of ½‖w‖²
                }
                opt.step(List.of(p));
            }
            assertTrue(loss(p) < 0.5 * before, opt.name() + " loss " + before + " -> " + loss(p));
        }
    }

    @Test
    void rejectsInvalidHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-1));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 1.5, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.1, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam().setLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Adam().group("a", 1).group("a", 2));
        var tooBig = new Param("w", new float[2], 0, new float[2], 1, new int[] {2}, true);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).step(List.of(tooBig)));
        assertNotEquals(new Adam().toString(), new Sgd(0.1).toString());
    }

    private static double loss(Param p) {
        double s = 0;
        for (float v : p.values()) {
            s += 0.5 * v * v;
        }
        return s;
    }

    static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}

package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.NoGrad;
import dev.jnn.optim.Sgd;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

    private static Sequential mlp() {
        return new Sequential(new Dense(4, 5), new Dense(5, 3), new Sequential(new Dense(3, 2), new Dense(2)));
    }

    @Test
    void namesAreDottedPathsInRegistrationOrder() {
        Sequential m = mlp();
        m.build(1, 4);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "2.0.weight", "2.0.bias", "2.1.weight",
                "2.1.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals("2.1.weight", m.parameters().get(6).name());
        Sequential inner = (Sequential) m.get(2);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"),
                List.copyOf(inner.namedParameters().keySet()), "names relative to the module asked");
        assertEquals(4 * 5 + 5 + 5 * 3 + 3 + 3 * 2 + 2 + 2 * 2 + 2, m.parameterCount());
    }

    @Test
    void aLayerCannotBeInTwoPlaces() {
        Dense d = new Dense(2, 2);
        new Sequential(d);
        var e = assertThrows(IllegalArgumentException.class, () -> new Sequential(d));
        assertTrue(e.getMessage().contains("already belongs"), e.getMessage());
    }

    @Test
    void denseIsGlorotUniformWithZeroBias() {
        Dense d = new Dense(300, 100);
        double r = Math.sqrt(6.0 / 400);
        float[] w = d.weight().values();
        double sumSq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= r, "inside ±√(6/(in+out))");
            sumSq += v * v;
        }
        assertEquals(r * r / 3, sumSq / w.length, 0.05 * r * r / 3, "variance of U(−r, r)");
        assertArrayEquals(new float[100], d.bias().values());
        assertArrayEquals(new int[] {300, 100}, d.weight().dims());
    }

    @Test
    void sameSeedSameWeightsDifferentSeedDifferentWeights() {
        Map<String, Tensor> a = mlp().initialize(7).build(1, 4).stateDict();
        Map<String, Tensor> b = mlp().initialize(7).build(1, 4).stateDict();
        Map<String, Tensor> c = mlp().initialize(8).build(1, 4).stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), k);
        }
        assertFalse(Arrays.equals(a.get("0.weight").toArray(), c.get("0.weight").toArray()));
        // Layers of the same shape in one model get different weights.
        Sequential twins = new Sequential(new Dense(3, 3), new Dense(3, 3));
        assertFalse(Arrays.equals(((Dense) twins.get(0)).weight().values(), ((Dense) twins.get(1)).weight().values()));
    }

    @Test
    void weightsDoNotDependOnWhenTheLayerWasBuilt() {
        // Eager and lazy Dense layers at the same place draw the same weights.
        Sequential eager = new Sequential(new Dense(4, 3), new Dense(3, 2));
        Sequential lazy = new Sequential(new Dense(3), new Dense(2));
        eager.initialize(3);
        lazy.initialize(3);
        Tensor x = Tensor.randn(1, 5, 4);
        assertArrayEquals(eager.forward(x).toArray(), lazy.forward(x).toArray());
    }

    @Test
    void lazyDenseInfersItsInputSize() {
        Dense d = new Dense(120);
        assertFalse(d.isBuilt());
        assertNull(d.weight());
        assertEquals("Dense(?→120)", d.describe());
        Tensor y = d.forward(Tensor.randn(1, 8, 400));
        assertArrayEquals(new int[] {8, 120}, y.shape().toArray());
        assertEquals(400, d.inFeatures());
        assertArrayEquals(new int[] {400, 120}, d.weight().dims());
        assertEquals("Dense(400→120)", d.describe());
    }

    @Test
    void wrongInputShapeSaysHowToFixIt() {
        Dense d = new Dense(784, 300);
        var e = assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(64, 28, 28)));
        assertEquals("Dense(784→300) got input [64, 28, 28]: flatten first", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(64, 100)));
        assertTrue(e2.getMessage().contains("expected the last dimension to be 784"), e2.getMessage());
        assertArrayEquals(new int[] {64, 300}, new Sequential(new Flatten(), new Dense(784, 300))
                .forward(Tensor.zeros(64, 28, 28)).shape().toArray());
    }

    @Test
    void stateRoundTripGivesTheSameOutputs() {
        Sequential a = mlp();
        a.initialize(11).build(1, 4);
        Map<String, Tensor> state = a.stateDict();
        Sequential b = mlp();
        b.initialize(12);
        b.loadState(state);
        Tensor x = Tensor.randn(5, 6, 4);
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
        // The snapshot is a copy: training a does not change it.
        a.parameters().get(0).values()[0] += 1;
        assertEquals(state.get("0.weight").toArray()[0] + 1, a.parameters().get(0).values()[0]);
    }

    @Test
    void loadStateBuildsLazyLayersAndReportsEveryProblem() {
        Sequential a = new Sequential(new Dense(6, 4), new Dense(3));
        a.build(2, 6);
        Sequential lazy = new Sequential(new Dense(4), new Dense(3));
        lazy.loadState(a.stateDict());
        assertEquals(6, ((Dense) lazy.get(0)).inFeatures());

        Map<String, Tensor> bad = new java.util.LinkedHashMap<>(a.stateDict());
        bad.remove("1.bias");
        bad.put("0.weight", Tensor.zeros(6, 5));
        bad.put("extra", Tensor.zeros(1));
        Sequential c = new Sequential(new Dense(6, 4), new Dense(4, 3));
        float before = c.parameters().get(0).values()[0];
        var e = assertThrows(IllegalArgumentException.class, () -> c.loadState(bad));
        assertTrue(e.getMessage().contains("'0.weight' has shape [6, 4] but the state holds [6, 5]"), e.getMessage());
        assertTrue(e.getMessage().contains("missing entry '1.bias'"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected entry 'extra'"), e.getMessage());
        assertEquals(before, c.parameters().get(0).values()[0], "nothing loaded on error");
    }

    @Test
    void frozenParameterIsNotUpdated() {
        Sequential m = new Sequential(new Dense(3, 4), new Dense(4, 2));
        m.get(0).freeze();
        float[] frozen = ((Dense) m.get(0)).weight().values().clone();
        float[] free = ((Dense) m.get(1)).weight().values().clone();
        m.forward(Tensor.randn(2, 5, 3)).square().sum().backward();
        new Sgd(0.5).step(m.parameters());
        assertArrayEquals(frozen, ((Dense) m.get(0)).weight().values());
        assertFalse(Arrays.equals(free, ((Dense) m.get(1)).weight().values()));
        assertEquals(2, m.trainableParameters().size());
        m.unfreeze();
        assertEquals(4, m.trainableParameters().size());
    }

    @Test
    void trainAndEvalAreRecursive() {
        Sequential m = mlp();
        m.eval();
        assertFalse(m.get(2).isTraining());
        assertFalse(((Sequential) m.get(2)).get(1).isTraining());
        m.train();
        assertTrue(((Sequential) m.get(2)).get(1).isTraining());
    }

    @Test
    void toStringIsATree() {
        Sequential m = new Sequential(new Flatten(), new Dense(4, 2), new Sequential(new Dense(2).useBias(false)));
        assertEquals("""
                Sequential(
                  (0): Flatten()
                  (1): Dense(4→2)
                  (2): Sequential(
                    (0): Dense(?→2, no bias)
                  )
                )""", m.toString());
    }

    @Test
    void denseGradients() {
        Checks.gradients(new Dense(3, 4), Tensor.randn(2, 5, 3));
        Checks.gradients(new Dense(3).useBias(false), Tensor.randn(2, 2, 4, 3));
    }

    @Test
    void flattenAndReshapeKeepTheBatchAxis() {
        Tensor x = Tensor.randn(4, 2, 3, 4);
        assertArrayEquals(new int[] {2, 12}, new Flatten().forward(x).shape().toArray());
        assertArrayEquals(new int[] {2, 4, 3}, new Reshape(4, -1).forward(x).shape().toArray());
        assertArrayEquals(x.toArray(), new Reshape(4, 3).forward(x).toArray());
        Checks.gradients(new Flatten(), Tensor.randn(5, 2, 3, 2));
        Checks.gradients(new Reshape(2, 3), Tensor.randn(6, 2, 6));
        var e = assertThrows(IllegalArgumentException.class, () -> new Reshape(5).forward(x));
        assertTrue(e.getMessage().startsWith("Reshape([5]) got input [2, 3, 4]"), e.getMessage());
    }

    @Test
    void zeroGradClearsEveryParameter() {
        Dense d = new Dense(2, 2);
        d.forward(Tensor.ones(1, 2)).sum().backward();
        assertNotNull(d.weight().tensor().grad());
        d.zeroGrad();
        assertArrayEquals(new float[4], d.weight().grads());
        NoGrad.run(() -> d.forward(Tensor.ones(1, 2)));
        assertArrayEquals(new float[4], d.weight().grads());
    }
}

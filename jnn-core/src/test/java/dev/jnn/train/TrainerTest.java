package dev.jnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.data.Splits;
import dev.jnn.data.TensorDataset;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Parameter;
import dev.jnn.nn.activation.Activation;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.Adam;
import dev.jnn.optim.Sgd;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

    @Test
    void mlpReachesNinetyFivePercentOnDigits() {
        Splits.Split s = Digits.split();
        Sequential model = Digits.mlp(1);
        Trainer trainer = Trainer.of(model, new Adam(3e-3), Loss.crossEntropy());
        History h = trainer.fit(s.train(), s.validation(), Fit.epochs(15).batchSize(32).shuffle(7));

        Map<String, Double> test = trainer.evaluate(s.validation());
        assertTrue(test.get("accuracy") >= 0.95, "test accuracy " + test);
        assertEquals(15, h.epochs());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr", "epoch_time", "images_per_s"),
                h.keys());
        assertTrue(h.get("loss")[14] < h.get("loss")[0] / 4, h.toString());
        assertEquals(test.get("accuracy"), h.last("val_accuracy"), 1e-12);
        assertEquals(test.get("loss"), h.last("val_loss"), 1e-6);
        assertTrue(h.last("images_per_s") > 0);

        Tensor x = features(s.validation());
        int[] labels = labels(s.validation());
        Tensor scores = trainer.predict(x);
        assertArrayEquals(new int[] {labels.length, 10}, scores.shape().toArray());
        int[] predicted = trainer.predictClasses(x);
        assertEquals(test.get("accuracy"), Metrics.accuracy(predicted, labels), 1e-12);
        assertTrue(model.isTraining(), "fit/evaluate/predict restore the training mode");
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        Splits.Split s = Digits.split();
        float[][] a = fitAndDump(s, 5);
        float[][] b = fitAndDump(s, 5);
        float[][] c = fitAndDump(s, 6);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], "parameter " + i);
        }
        assertFalse(Arrays.equals(a[0], c[0]), "another shuffle seed must give other weights");
    }

    private static float[][] fitAndDump(Splits.Split s, long shuffleSeed) {
        Sequential model = Digits.mlp(3);
        Trainer.of(model, new Adam(1e-2), Loss.crossEntropy())
                .fit(s.train(), Fit.epochs(2).batchSize(50).shuffle(shuffleSeed).validationSplit(0.1));
        return model.parameters().stream().map(p -> p.values().clone()).toArray(float[][]::new);
    }

    @Test
    void divergenceNamesTheLayerAndLeavesTheWeightsFinite() {
        Splits.Split s = Digits.split();
        Sequential model = new Sequential(new Dense(64, 32), Activation.tanh(), new Dense(32, 10));
        model.initialize(1);
        // Regression on one-hot rows from unscaled pixels (0-16) with a far too large rate: the weights oscillate
        // with growing amplitude until the loss overflows.
        TensorDataset all = Digits.all();
        float[] oneHot = new float[all.size() * 10];
        for (int i = 0; i < all.size(); i++) {
            oneHot[i * 10 + all.label(i)] = 1;
        }
        TensorDataset raw = TensorDataset.of(all.features().mul(16f), all.labels(), Tensor.of(oneHot, all.size(), 10));
        Trainer trainer = Trainer.of(model, new Sgd(1.0), Loss.mse());
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> trainer.fit(raw, Fit.epochs(3).batchSize(64)));
        String m = e.getMessage();
        assertTrue(e.parameter() != null && model.namedParameters().containsKey(e.parameter()), m);
        Parameter culprit = model.namedParameters().get(e.parameter());
        assertTrue(m.contains("'" + e.parameter() + "' of " + culprit.owner().describe()), m);
        assertTrue(m.contains("Lower the learning rate (now 1.0)") && m.contains("Fit.clipNorm"), m);
        assertTrue(m.startsWith("Training diverged at epoch 1, batch " + (e.batch() + 1) + ": the loss is "), m);
        for (Parameter p : model.parameters()) {
            for (float v : p.values()) {
                assertTrue(Float.isFinite(v), "non-finite updates never reach the weights: " + p.name());
            }
        }
    }

    @Test
    void maxNormAndClippingPlugIntoTheStep() {
        Splits.Split s = Digits.split();
        Sequential model = Digits.mlp(2);
        Trainer.of(model, new Adam(1e-2), Loss.crossEntropy())
                .fit(s.train(), Fit.epochs(2).batchSize(64).maxNorm(0.5).clipNorm(1.0));
        Parameter w = model.namedParameters().get("0.weight");
        float[] v = w.values();
        int in = w.dims()[0];
        int out = w.dims()[1];
        for (int j = 0; j < out; j++) {
            double sum = 0;
            for (int i = 0; i < in; i++) {
                sum += (double) v[i * out + j] * v[i * out + j];
            }
            assertTrue(Math.sqrt(sum) <= 0.5 + 1e-5, "column " + j + " norm " + Math.sqrt(sum));
        }
        // Value clipping with plain SGD bounds every change by lr · clipValue.
        Sequential m2 = Digits.mlp(2);
        float[] before = m2.namedParameters().get("0.weight").values().clone();
        Trainer t2 = Trainer.of(m2, new Sgd(0.1), Loss.crossEntropy());
        var batch = dev.jnn.data.DataLoader.of(s.train(), 64).prefetch(0).epoch(0).next();
        t2.trainStep(batch, Fit.epochs(1).clipValue(1e-3));
        float[] after = m2.namedParameters().get("0.weight").values();
        double maxChange = 0;
        for (int i = 0; i < before.length; i++) {
            maxChange = Math.max(maxChange, Math.abs(after[i] - before[i]));
        }
        assertTrue(maxChange > 0 && maxChange <= 1e-4 * 1.0001, "max change " + maxChange);
    }

    @Test
    void regularizationPenaltyIsAddedToTheReportedLoss() {
        Splits.Split s = Digits.split();
        var batch = dev.jnn.data.DataLoader.of(s.train(), 64).prefetch(0).epoch(0).next();
        Sequential a = Digits.mlp(4);
        Sequential b = Digits.mlp(4);
        double l2 = 0.01;
        double penalty = 0;
        for (Parameter p : a.parameters()) {
            if (p.dims().length == 2) {
                for (float v : p.values()) {
                    penalty += l2 * v * v;
                }
            }
        }
        double plain = Trainer.of(a, new Sgd(0.1), Loss.crossEntropy()).trainStep(batch, Fit.epochs(1));
        double regularized = Trainer.of(b, new Sgd(0.1), Loss.crossEntropy())
                .trainStep(batch, Fit.epochs(1).regularizer(dev.jnn.optim.Regularizer.l2(l2)));
        assertEquals(plain + penalty, regularized, 1e-6);
        // The penalty's gradient 2·l2·w pulls the weights further towards zero.
        assertFalse(Arrays.equals(a.parameters().get(0).values(), b.parameters().get(0).values()));
    }

    static Tensor features(dev.jnn.data.Dataset d) {
        var b = dev.jnn.data.DataLoader.of(d, d.size()).prefetch(0).epoch(0).next();
        return b.x();
    }

    static int[] labels(dev.jnn.data.Dataset d) {
        int[] l = new int[d.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = d.label(i);
        }
        return l;
    }
}

package dev.jnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

    // 3 rows × 4 classes
    static final float[] SCORES = {
        0.1f, 0.5f, 0.3f, 0.1f,     // label 2: one class above it
        0.9f, 0.05f, 0.03f, 0.02f,  // label 0: top
        0.2f, 0.2f, 0.2f, 0.4f,     // label 2: 0.4 above, classes 0 and 1 tie with it at smaller indices
    };
    static final int[] LABELS = {2, 0, 2};

    @Test
    void accuracyAndTopK() {
        assertArrayEquals(new int[] {1, 0, 3}, Metrics.argmax(SCORES, 3, 4));
        assertEquals(1.0 / 3, Metrics.accuracy(SCORES, 3, 4, LABELS), 1e-15);
        assertEquals(1.0 / 3, Metrics.topKAccuracy(SCORES, 3, 4, LABELS, 1), 1e-15);
        assertEquals(2.0 / 3, Metrics.topKAccuracy(SCORES, 3, 4, LABELS, 2), 1e-15);
        assertEquals(2.0 / 3, Metrics.topKAccuracy(SCORES, 3, 4, LABELS, 3), 1e-15);
        assertEquals(1.0, Metrics.topKAccuracy(SCORES, 3, 4, LABELS, 4), 1e-15);
        assertEquals(0.5, Metrics.accuracy(new int[] {1, 2, 3, 4}, new int[] {1, 0, 3, 0}), 1e-15);
    }

    @Test
    void regressionMetrics() {
        float[] p = {1, 2, 3};
        float[] t = {1, 0, 5};
        assertEquals(8.0 / 3, Metrics.mse(p, t), 1e-15);
        assertEquals(Math.sqrt(8.0 / 3), Metrics.rmse(p, t), 1e-15);
        assertEquals(4.0 / 3, Metrics.mae(p, t), 1e-15);
    }

    @Test
    void rejectsBadShapesAndLabels() {
        var e = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(SCORES, 4, 4, LABELS));
        assertTrue(e.getMessage().contains("[4, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(SCORES, 3, 4, new int[] {0, 4, 1}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.topKAccuracy(SCORES, 3, 4, LABELS, 5));
        assertThrows(IllegalArgumentException.class, () -> Metrics.mse(new float[2], new float[3]));
    }

    @Test
    void confusionMatrixPrecisionRecallF1ByHand() {
        int[] actual = {0, 0, 0, 1, 1, 2, 2, 2};
        int[] predicted = {0, 0, 1, 1, 1, 2, 0, 0};
        var m = ConfusionMatrix.of(actual, predicted, 4);      // class 3 never appears
        assertEquals(2, m.count(0, 0));
        assertEquals(2, m.count(2, 0));
        assertEquals(8, m.total());
        assertEquals(5.0 / 8, m.accuracy(), 1e-15);
        assertEquals(0.5, m.precision(0), 1e-15);               // 2 of the 4 predicted 0
        assertEquals(2.0 / 3, m.recall(0), 1e-15);              // 2 of the 3 true 0
        assertEquals(4.0 / 7, m.f1(0), 1e-15);
        assertEquals(2.0 / 3, m.precision(1), 1e-15);
        assertEquals(1.0, m.recall(1), 1e-15);
        assertEquals(0.8, m.f1(1), 1e-15);
        assertEquals(1.0, m.precision(2), 1e-15);
        assertEquals(1.0 / 3, m.recall(2), 1e-15);
        assertEquals(0.5, m.f1(2), 1e-15);
        assertEquals(0, m.precision(3));
        assertEquals(0, m.f1(3));
        assertEquals((0.5 + 2.0 / 3 + 1.0 + 0) / 4, m.macroPrecision(), 1e-15);
        assertEquals((2.0 / 3 + 1.0 + 1.0 / 3 + 0) / 4, m.macroRecall(), 1e-15);
        assertEquals((4.0 / 7 + 0.8 + 0.5 + 0) / 4, m.macroF1(), 1e-15);
    }

    @Test
    void confusionMatrixFromScoresAddsUpAndPrintsATable() {
        var m = ConfusionMatrix.ofScores(SCORES, 3, 4, LABELS);
        assertEquals(1, m.count(2, 1));
        assertEquals(1, m.count(0, 0));
        assertEquals(1, m.count(2, 3));
        var twice = m.plus(m);
        assertEquals(2, twice.count(2, 3));
        assertEquals(6, twice.total());
        assertEquals(m, ConfusionMatrix.of(LABELS, new int[] {1, 0, 3}, 4));
        String table = m.toString();
        String[] lines = table.split("\n");
        assertEquals(4 + 1 + 1 + 1, lines.length, table);       // header, 4 classes, macro, accuracy
        assertTrue(lines[0].startsWith("actual\\predicted"), table);
        assertTrue(lines[3].trim().startsWith("2     0     1     0     1"), table);
        assertTrue(table.endsWith("accuracy 0.3333 of 3"), table);
    }
}

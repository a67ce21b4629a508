package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** 100 examples, 80 of class 0 and 20 of class 1; feature = index. */
    private static TensorDataset unbalanced() {
        float[] x = new float[100];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = i % 5 == 0 ? 1 : 0;
        }
        return TensorDataset.of(Tensor.of(x, 100, 1), y);
    }

    private static Set<Integer> ids(Dataset d) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            s.add((int) d.get(i).x().get(0));
        }
        return s;
    }

    private static int count(Dataset d, int label) {
        int n = 0;
        for (int i = 0; i < d.size(); i++) {
            n += d.label(i) == label ? 1 : 0;
        }
        return n;
    }

    @Test
    void stratifiedSplitKeepsClassProportionsAndIsDeterministic() {
        TensorDataset data = unbalanced();
        Splits.Split s = Splits.trainValidation(data, 0.25, 9, true);
        assertEquals(75, s.train().size());
        assertEquals(25, s.validation().size());
        assertEquals(5, count(s.validation(), 1));
        assertEquals(20, count(s.validation(), 0));
        Set<Integer> all = ids(s.train());
        all.addAll(ids(s.validation()));
        assertEquals(100, all.size());
        assertEquals(ids(s.validation()), ids(Splits.trainValidation(data, 0.25, 9, true).validation()));
        assertTrue(!ids(s.validation()).equals(ids(Splits.trainValidation(data, 0.25, 10, true).validation())));
    }

    @Test
    void kFoldValidatesEveryExampleExactlyOnce() {
        TensorDataset data = unbalanced();
        List<Splits.Split> folds = Splits.kFold(data, 3, 4, true);
        Set<Integer> seen = new HashSet<>();
        for (Splits.Split f : folds) {
            assertEquals(100, f.train().size() + f.validation().size());
            Set<Integer> v = ids(f.validation());
            Set<Integer> t = ids(f.train());
            t.retainAll(v);
            assertTrue(t.isEmpty(), "train and validation overlap");
            assertTrue(f.validation().size() >= 33 && f.validation().size() <= 34);
            int ones = count(f.validation(), 1);
            assertTrue(ones >= 6 && ones <= 7, "stratified folds keep the minority class: " + ones);
            for (int id : v) {
                assertTrue(seen.add(id), "validated twice: " + id);
            }
        }
        assertEquals(100, seen.size());
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(data, 1, 0, false));
        assertEquals(ids(folds.get(1).validation()), ids(Splits.kFold(data, 3, 4, true).get(1).validation()));
    }
}

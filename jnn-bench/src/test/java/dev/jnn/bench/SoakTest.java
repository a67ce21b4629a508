package dev.jnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.data.TensorDataset;
import dev.jnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoakTest {

    private static final long MIB = 1024 * 1024;

    /** 640 random 28×28 images with random labels: 9 steps of 64 per epoch after the 10 % validation split. */
    private static TensorDataset randomImages() {
        var rnd = new SplittableRandom(7);
        int n = 640;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(10);
        }
        return TensorDataset.of(Tensor.of(Data.uniform(rnd, n * 28 * 28), n, 1, 28, 28), labels);
    }

    @Test
    void shortSoakOverManyEpochsStaysFlat() {
        var seen = new ArrayList<Soak.Sample>();
        Soak.Verdict v = Soak.run(randomImages(), 64, 150, new long[] {1, 50, 150}, 2 * MIB, seen::add);
        assertEquals(List.of(1L, 50L, 150L), v.samples().stream().map(Soak.Sample::step).toList());
        assertEquals(v.samples(), seen);
        assertTrue(v.flat(), () -> "growth over 150 steps (17 epochs with validation): " + v.growth());
        for (Soak.Sample s : v.samples()) {
            assertTrue(s.heapAfterGc() > 0 && s.threads() > 0 && s.openFiles() > 0 && s.residentBytes() > 0,
                    "every figure measured: " + s);
        }
    }

    @Test
    void growthNamesWhatGrewBeyondTheTolerance() {
        var from = new Soak.Sample(1_000, 100 * MIB, 8, 10, 500 * MIB);
        assertTrue(Soak.growth(from, new Soak.Sample(10_000, 101 * MIB, 8, 10, 600 * MIB), 2 * MIB).isEmpty(),
                "1 MiB within a 2 MiB tolerance; RSS is reported, not judged");
        List<String> grown = Soak.growth(from, new Soak.Sample(10_000, 103 * MIB, 9, 11, 500 * MIB), 2 * MIB);
        assertEquals(3, grown.size(), grown.toString());
        assertTrue(grown.get(0).startsWith("heap after GC 100.00 MiB at step 1,000 -> 103.00 MiB"), grown.get(0));
        assertTrue(grown.get(1).startsWith("live threads 8 at step 1000 -> 9"), grown.get(1));
        assertTrue(grown.get(2).startsWith("open file descriptors 10 at step 1000 -> 11"), grown.get(2));
    }

    @Test
    void checkpointsMustEndAtTheLastStep() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Soak.run(randomImages(), 64, 300, new long[] {1, 100}, MIB, s -> {}));
        assertTrue(e.getMessage().contains("the last equal to --steps 300"), e.getMessage());
    }
}

package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FmaCeilingTest {

    @Test
    void measuresAPlausiblePositiveRate() {
        double gflops = FmaCeiling.measureGflops(1, 50);
        // Any JVM that runs this test does far more than 0.01 and far less than 100,000 GFLOP/s on one thread.
        assertTrue(gflops > 0.01 && gflops < 100_000, "implausible FMA rate " + gflops);
    }

    @Test
    void reportsTheSustainedRateAndTheBestSliceOnEveryThread() {
        FmaCeiling.Measurement two = FmaCeiling.measure(2, 20);
        assertTrue(two.sustainedGflops() > 0.01 && two.bestSliceGflops() > 0.01, "implausible FMA rates " + two);
        // A window's rate averages the chunks it timed back to back, so no window beats its threads' best chunks:
        // a sustained figure above the best slice would mean a window counted flops it never ran, or a best slice
        // taken only from a warm-up that ended before the JIT delivered (as 20 ms here does).
        assertTrue(two.sustainedGflops() <= two.bestSliceGflops() * (1 + 1e-9), "sustained above best slice: " + two);
    }

    @Test
    void aWindowLastsAsLongAsAskedAndGivesAPlausibleRate() {
        long start = System.nanoTime();
        double gflops = FmaCeiling.windowGflops(2, 5_000_000L);
        assertTrue(System.nanoTime() - start >= 5_000_000L, "a window lasts at least as long as asked");
        assertTrue(gflops > 0.01 && gflops < 100_000, "implausible window rate " + gflops);
    }

    @Test
    void rejectsNonPositiveArguments() {
        assertThrows(IllegalArgumentException.class, () -> FmaCeiling.measureGflops(0, 10));
        assertThrows(IllegalArgumentException.class, () -> FmaCeiling.measureGflops(1, 0));
        assertThrows(IllegalArgumentException.class, () -> FmaCeiling.measure(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> FmaCeiling.windowGflops(1, 0));
    }
}

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
    void rejectsNonPositiveArguments() {
        assertThrows(IllegalArgumentException.class, () -> FmaCeiling.measureGflops(0, 10));
        assertThrows(IllegalArgumentException.class, () -> FmaCeiling.measureGflops(1, 0));
    }
}

package dev.jnn.bench;

import java.util.SplittableRandom;

/** Benchmark inputs: uniform in [-1, 1) from an explicit generator, so every run times the same numbers. */
final class Data {

    private Data() {}

    static float[] uniform(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}

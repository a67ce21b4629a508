package dev.jnn.bench;

import java.util.Arrays;

/**
 * Times a benchmark body: warm-up (JIT, caches, thread pool) until {@code warmupSeconds} have passed, then
 * {@code repeats} samples of enough back-to-back calls to last at least {@code minSampleSeconds}, and returns the
 * median seconds per call. The median, not the best or the mean, because the machine is shared: one slow sample from
 * a neighbour's burst must not move the result, and one lucky sample must not either.
 *
 * @param repeats          number of timed samples (the median is taken over them), at least 1
 * @param warmupSeconds    minimum warm-up time; at least two warm-up calls are always made
 * @param minSampleSeconds minimum duration of one timed sample
 */
public record Measure(int repeats, double warmupSeconds, double minSampleSeconds) {

    public Measure {
        if (repeats < 1 || warmupSeconds < 0 || minSampleSeconds < 0) {
            throw new IllegalArgumentException("Measure needs repeats >= 1 and non-negative times, got repeats="
                    + repeats + " warmup=" + warmupSeconds + "s sample=" + minSampleSeconds + "s");
        }
    }

    /** Median seconds per call of {@code body}. */
    public double secondsPerCall(Runnable body) {
        long start = System.nanoTime();
        int warmCalls = 0;
        long last;
        long now = start;
        do {
            long t0 = now;
            body.run();
            warmCalls++;
            now = System.nanoTime();
            last = now - t0;
        } while (warmCalls < 2 || now - start < warmupSeconds * 1e9);
        // The last warm-up call, not the average: early calls run interpreted and would make samples too short.
        double estimate = last / 1e9;
        int callsPerSample = (int) Math.max(1, Math.min(1_000_000, Math.ceil(minSampleSeconds / Math.max(estimate, 1e-9))));
        double[] samples = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < callsPerSample; i++) {
                body.run();
            }
            samples[r] = (System.nanoTime() - t0) / 1e9 / callsPerSample;
        }
        return median(samples);
    }

    /** The median of {@code xs} (mean of the two middle values for an even count). */
    static double median(double[] xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("median of no samples");
        }
        double[] s = xs.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }
}

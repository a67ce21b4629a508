package dev.jnn.bench;

import java.util.Arrays;

/**
 * Times a benchmark body: warm-up (JIT, caches, thread pool) until {@code warmupSeconds} have passed and at least two
 * calls were made, then {@code repeats} samples of enough back-to-back calls to last at least
 * {@code minSampleSeconds}, and returns the median seconds per call. The median, not the best or the mean, because
 * the machine is shared: one slow sample from a neighbour's burst must not move the result, nor one lucky sample.
 *
 * <p>A body so slow that the run would overshoot {@code budgetSeconds} gets fewer samples (at least one), and a
 * first call longer than a quarter of the budget ends the warm-up by itself (the JIT has compiled the loops during
 * it): a slow kernel costs minutes, not a quarter of an hour. {@link Timing#samples()} says how many were taken.
 *
 * @param repeats          number of timed samples wanted (the median is taken over them), at least 1
 * @param warmupSeconds    minimum warm-up time
 * @param minSampleSeconds minimum duration of one timed sample
 * @param budgetSeconds    rough upper bound on the time spent on one body
 */
public record Measure(int repeats, double warmupSeconds, double minSampleSeconds, double budgetSeconds) {

    /** The outcome: median seconds per call, and how many samples of how many calls it rests on. */
    public record Timing(double secondsPerCall, int samples, int callsPerSample) {}

    public Measure {
        if (repeats < 1 || warmupSeconds < 0 || minSampleSeconds < 0 || !(budgetSeconds > 0)) {
            throw new IllegalArgumentException("Measure needs repeats >= 1, non-negative times and a positive budget,"
                    + " got repeats=" + repeats + " warmup=" + warmupSeconds + "s sample=" + minSampleSeconds
                    + "s budget=" + budgetSeconds + "s");
        }
    }

    /** Median seconds per call of {@code body}. */
    public double secondsPerCall(Runnable body) {
        return time(body).secondsPerCall();
    }

    /** Times {@code body} as described in the class comment. */
    public Timing time(Runnable body) {
        long start = System.nanoTime();
        int warmCalls = 0;
        long now = start;
        double last;
        while (true) {
            long t0 = now;
            body.run();
            warmCalls++;
            now = System.nanoTime();
            last = (now - t0) / 1e9;
            boolean slowFirstCall = warmCalls == 1 && last >= budgetSeconds / 4;
            if (slowFirstCall || (warmCalls >= 2 && (now - start) / 1e9 >= warmupSeconds)) {
                break;
            }
        }
        // Sized from the last warm-up call, not the average: early calls run interpreted.
        double estimate = Math.max(last, 1e-9);
        int callsPerSample = (int) Math.max(1, Math.min(1_000_000, Math.ceil(minSampleSeconds / estimate)));
        int samples = (int) Math.max(1, Math.min(repeats, Math.floor(budgetSeconds / (estimate * callsPerSample))));
        double[] perCall = new double[samples];
        for (int r = 0; r < samples; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < callsPerSample; i++) {
                body.run();
            }
            perCall[r] = (System.nanoTime() - t0) / 1e9 / callsPerSample;
        }
        return new Timing(median(perCall), samples, callsPerSample);
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

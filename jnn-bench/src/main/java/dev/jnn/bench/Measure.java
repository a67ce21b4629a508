package dev.jnn.bench;

import java.util.Arrays;

/**
 * Times a benchmark body: warm-up (JIT, caches, thread pool) until {@code warmupSeconds} have passed and at least two
 * calls were made, then {@code repeats} samples of enough back-to-back calls to last at least
 * {@code minSampleSeconds}, and returns the median seconds per call. The median, not the best or the mean, because
 * the machine is shared: one slow sample from a neighbour's burst must not move the result, nor one lucky sample.
 *
 * <p>The warm-up goes on past {@code warmupSeconds} until the calls have stopped getting faster for as long as they
 * took to get there and the JIT compilers have gone quiet ({@link JitQuiet}), but never past {@code budgetSeconds}.
 * A body so slow that the samples would overshoot {@code budgetSeconds} gets fewer of them (at least one): a slow
 * kernel costs a minute, not a quarter of an hour. {@link Timing#samples()} says how many were taken.
 *
 * @param repeats          number of timed samples wanted (the median is taken over them), at least 1
 * @param warmupSeconds    minimum warm-up time
 * @param minSampleSeconds minimum duration of one timed sample
 * @param budgetSeconds    rough upper bound on the warm-up, and again on the samples, of one body
 */
public record Measure(int repeats, double warmupSeconds, double minSampleSeconds, double budgetSeconds) {

    /** The outcome: median seconds per call, how many samples of how many calls it rests on, after how much warm-up. */
    public record Timing(double secondsPerCall, int samples, int callsPerSample, int warmupCalls) {}

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
        return time(body, () -> {});
    }

    /**
     * {@link #time(Runnable)}, running {@code afterEachSample} after each timed sample, outside its timing: a
     * reference measured interleaved with the samples sees the same minutes of the machine as they do.
     */
    public Timing time(Runnable body, Runnable afterEachSample) {
        return time(body, afterEachSample, JitQuiet.ofThisJvm(System.nanoTime()));
    }

    /** {@link #time(Runnable, Runnable)} with the compilers watched by {@code jit}. */
    Timing time(Runnable body, Runnable afterEachSample, JitQuiet jit) {
        long start = System.nanoTime();
        int warmCalls = 0;
        long now = start;
        long lastGain = start;
        double last;
        double best = Double.POSITIVE_INFINITY;
        while (true) {
            long t0 = now;
            body.run();
            warmCalls++;
            now = System.nanoTime();
            last = (now - t0) / 1e9;
            if (last < best * 0.95) {
                lastGain = now;
            }
            best = Math.min(best, last);
            double elapsed = (now - start) / 1e9;
            // Settled: no call got 5% faster for as long as it took to reach the best so far (and for at least one
            // whole call and half the warm-up), and the compilers are quiet. On a busy machine the JIT's compiler
            // threads may need seconds, and calls run interpreted meanwhile at a steady but meaningless speed, or on
            // a plateau between two compiled methods; this waits the compiles out.
            double stableFor = (now - lastGain) / 1e9;
            boolean jitQuiet = jit.quietAt(now);
            boolean settled = jitQuiet
                    && stableFor >= Math.max((lastGain - start) / 1e9, Math.max(last, warmupSeconds / 2));
            if ((warmCalls >= 2 && elapsed >= warmupSeconds && settled) || elapsed >= budgetSeconds) {
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
            afterEachSample.run();
        }
        return new Timing(median(perCall), samples, callsPerSample, warmCalls);
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

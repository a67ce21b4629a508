package dev.jnn.bench;

import dev.jnn.kernel.FmaCeiling;
import dev.jnn.kernel.Gemm;
import dev.jnn.kernel.Parallel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A quick GEMM throughput table (a minute, not the many minutes of a JMH run): GFLOP/s per shape and transpose
 * variant next to the FMA ceiling measured in the same JVM.
 *
 * <p>Each figure comes from many timed slices of at least ~2 ms (one call for the big squares): the median slice and
 * the best slice are printed, and the median's share of the ceiling, which is the FMA loop's sustained rate (see
 * {@link FmaCeiling}; its best short slice is printed too, for comparison). Run after
 * {@code mvn -q -pl jnn-bench -am package -DskipTests}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jnn-core/target/classes:jnn-bench/target/classes \
 *      dev.jnn.bench.GemmQuick [threads] [millisPerShape]
 * </pre>
 * {@code -Dshapes=64x784x300,2048x2048x2048} picks shapes ({@code step} names the training-step table),
 * {@code -Dvariants=NN,NT} picks variants. Shapes are
 * M×K×N (op(A) is M×K, op(B) is K×N). A variant names which operand is read transposed: {@code NN} is A·B,
 * {@code NT} is A·Bᵀ (dX = dY·Wᵀ), {@code TN} is Aᵀ·B (dW = Xᵀ·dY).
 */
public final class GemmQuick {

    private static final int[][] SHAPES = {{64, 784, 300}, {256, 784, 300}, {256, 300, 100}, {256, 256, 256},
            {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048}};

    /**
     * The products of one training step of the 784-300-100 MLP, with the shapes they really have: forward Y = X·W
     * (NN), input gradient dX = dY·Wᵀ (NT, k is the layer's output width) and weight gradient dW = Xᵀ·dY (TN, k is
     * the batch).
     */
    private static final String[] TRAINING_STEP = {"64x784x300:NN", "64x300x784:NT", "784x64x300:TN",
            "256x784x300:NN", "256x300x784:NT", "784x256x300:TN", "256x300x100:NN", "256x100x300:NT",
            "300x256x100:TN"};

    private GemmQuick() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Parallel.threads();
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 600;
        Parallel.setThreads(threads);
        List<String> onlyShapes = listProperty("shapes");
        List<String> variants = listProperty("variants");
        if (variants == null) {
            variants = List.of("NN", "NT", "TN");
        }
        // Warm the JIT up on every variant, with depth past one block (so beta = 1 blocks run) and edge tiles, so
        // that no shape is measured while the kernel is still interpreted or being recompiled.
        // Both a tall and a wide product, so that both ways of splitting C over threads are compiled too.
        for (String v : variants) {
            measure(100, 600, 90, v.charAt(0) == 'T', v.charAt(1) == 'T', 400);
            measure(40, 600, 200, v.charAt(0) == 'T', v.charAt(1) == 'T', 400);
        }
        FmaCeiling.Measurement fma = FmaCeiling.measure(threads, 1000);
        double ceiling = fma.sustainedGflops();
        System.out.printf(Locale.ROOT, "FMA ceiling, %d thread(s): %.1f GFLOP/s sustained (best slice %.1f)%n",
                threads, ceiling, fma.bestSliceGflops());
        System.out.printf(Locale.ROOT, "%-16s %-3s %8s %8s %8s %9s %9s%n", "MxKxN", "op", "median", "best",
                "cpu", "med/ceil", "cpu/ceil");
        for (int[] s : SHAPES) {
            String name = s[0] + "x" + s[1] + "x" + s[2];
            if (onlyShapes != null && !onlyShapes.contains(name)) {
                continue;
            }
            for (String v : variants) {
                double[] r = measure(s[0], s[1], s[2], v.charAt(0) == 'T', v.charAt(1) == 'T', millis);
                System.out.printf(Locale.ROOT, "%-16s %-3s %8.1f %8.1f %8.1f %8.1f%% %8.1f%%%n", name, v, r[0],
                        r[1], r[2], 100 * r[0] / ceiling, 100 * r[2] / ceiling);
            }
        }
        if (onlyShapes == null || onlyShapes.contains("step")) {
            System.out.println("-- one MLP training step, shapes as backpropagation calls them --");
            for (String entry : TRAINING_STEP) {
                String[] parts = entry.split(":");
                String[] d = parts[0].split("x");
                String v = parts[1];
                double[] r = measure(Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2]),
                        v.charAt(0) == 'T', v.charAt(1) == 'T', millis);
                System.out.printf(Locale.ROOT, "%-16s %-3s %8.1f %8.1f %8.1f %8.1f%% %8.1f%%%n", parts[0], v, r[0],
                        r[1], r[2], 100 * r[0] / ceiling, 100 * r[2] / ceiling);
            }
        }
        double after = FmaCeiling.measureGflops(threads, 1000);
        System.out.printf(Locale.ROOT, "FMA ceiling again (drift check): %.1f GFLOP/s%n", after);
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        throw new IllegalStateException("GemmQuick needs a JVM that reports process CPU time");
    }

    private static List<String> listProperty(String name) {
        String value = System.getProperty(name);
        return value == null ? null : List.of(value.split(","));
    }

    /**
     * {median, best, cpu} GFLOP/s of C = op(A)·op(B) over slices of at least ~2 ms each, after a short warm-up.
     * The cpu figure divides the work by the process CPU time per thread instead of the wall time, so time spent
     * preempted by other programs does not count (it slightly undercounts: JIT and GC threads add CPU time too).
     */
    static double[] measure(int m, int k, int n, boolean ta, boolean tb, long millis) {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextDouble(-1, 1);
        }
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(1, 2e8 / flops);
        long warmEnd = System.nanoTime() + millis * 1_000_000L / 2;
        while (System.nanoTime() < warmEnd) {
            Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }
        List<Double> rates = new ArrayList<>();
        long cpu0 = processCpuNanos();
        double total = 0;
        long end = System.nanoTime() + millis * 1_000_000L;
        do {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            }
            rates.add(flops * reps / (System.nanoTime() - t0));
            total += flops * reps;
        } while (System.nanoTime() < end || rates.size() < 5);
        double cpuRate = total / ((processCpuNanos() - cpu0) / (double) Parallel.threads());
        rates.sort(null);
        return new double[] {rates.get(rates.size() / 2), rates.get(rates.size() - 1), cpuRate};
    }
}

package dev.jnn.bench;

import dev.jnn.kernel.FmaCeiling;
import dev.jnn.kernel.Gemm;
import dev.jnn.kernel.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of {@link Gemm#sgemm}: C = op(A)·op(B) for the shapes of the issue, in the three transpose variants
 * backpropagation uses. Scores are calls per second; GFLOP/s = score × 2·M·K·N / 1e9. The FMA ceiling of the
 * machine (the denominator of "% of peak") is printed at setup of each trial.
 *
 * <p>Build and run from the repository root:
 * <pre>
 * mvn -q -pl jnn-bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -jar jnn-bench/target/benchmarks.jar GemmBench
 * # a subset, e.g. the deep-learning shapes on one thread:
 * java --add-modules jdk.incubator.vector -jar jnn-bench/target/benchmarks.jar GemmBench \
 *      -p shape=64x784x300,256x784x300,256x300x100 -p threads=1
 * </pre>
 * For a one-minute table with GFLOP/s and % of the ceiling use {@link GemmQuick} instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {

    /** M×K×N: op(A) is M×K, op(B) is K×N. */
    @Param({"64x784x300", "256x784x300", "256x300x100", "256x256x256", "512x512x512", "1024x1024x1024",
            "2048x2048x2048"})
    public String shape;

    /** NN = A·B, NT = A·Bᵀ (dX = dY·Wᵀ), TN = Aᵀ·B (dW = Xᵀ·dY). */
    @Param({"NN", "NT", "TN"})
    public String op;

    @Param({"2"})
    public int threads;

    private int m;
    private int k;
    private int n;
    private boolean transA;
    private boolean transB;
    private float[] a;
    private float[] b;
    private float[] c;
    private int savedThreads;

    @Setup(Level.Trial)
    public void setUp() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        transA = op.charAt(0) == 'T';
        transB = op.charAt(1) == 'T';
        SplittableRandom rnd = new SplittableRandom(42);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextDouble(-1, 1);
        }
        savedThreads = Parallel.threads();
        Parallel.setThreads(threads);
        System.out.printf("%n# FMA ceiling on %d thread(s): %.1f GFLOP/s; one call = %.3f GFLOP%n", threads,
                FmaCeiling.measureGflops(threads, 500), 2.0 * m * n * k / 1e9);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    @Benchmark
    public float[] sgemm() {
        Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
        return c;
    }
}

package dev.jnn.bench;

import dev.jnn.kernel.Gemm;
import java.util.List;
import java.util.SplittableRandom;

/** GEMM rows: {@code C[M×N] = A[M×K]·B[K×N]}, row-major, no transposes, counted as 2·M·N·K flops. */
final class GemmWorkloads {

    private GemmWorkloads() {}

    static List<Workload> all() {
        return List.of(
                square(256), square(512), square(1024), square(2048),
                // The shapes of an MNIST MLP's dense layers (batch × in × out).
                shaped(64, 784, 300), shaped(256, 784, 300), shaped(256, 300, 100));
    }

    private static Workload square(int n) {
        return gemm("gemm-" + n, n, n, n);
    }

    private static Workload shaped(int m, int k, int n) {
        return gemm("gemm-" + m + "x" + k + "x" + n, m, k, n);
    }

    static Workload gemm(String name, int m, int k, int n) {
        double gflop = 2.0 * m * n * k / 1e9;
        return new Workload(name, Workload.GFLOPS, gflop, () -> {
            var rnd = new SplittableRandom(42);
            float[] a = Data.uniform(rnd, m * k);
            float[] b = Data.uniform(rnd, k * n);
            float[] c = new float[m * n];
            return () -> Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        });
    }
}

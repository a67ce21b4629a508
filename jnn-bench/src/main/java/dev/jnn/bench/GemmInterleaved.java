package dev.jnn.bench;

import dev.jnn.kernel.Gemm;
import dev.jnn.kernel.Parallel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * jnn's GEMM and PyTorch's {@code torch.mm} timed in alternation, sample by sample, on one shape: the fair
 * comparison on a machine whose speed drifts by a third from second to second (another tenant on the same physical
 * core). {@code bench/run} measures each side in its own stretch of time, so a ratio can swing with the machine;
 * here every jnn sample has a PyTorch sample right after it, and the median of the per-pair ratios is robust to the
 * drift. PyTorch runs as a server ({@code bench/tools/torch_mm_server.py}) that blocks on stdin between samples.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jnn-core/target/classes:jnn-bench/target/classes \
 *      dev.jnn.bench.GemmInterleaved [threads] [rounds] [MxKxN ...]
 * </pre>
 * With {@code threads} 1, set {@code OPENBLAS_NUM_THREADS=1} too: OpenBLAS keeps its own threads otherwise. The
 * PyTorch side gets the environment of this process with {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE}
 * removed, as bench/run's best setting for it.
 */
public final class GemmInterleaved {

    private static final double SAMPLE_SECONDS = 0.05;

    private GemmInterleaved() {}

    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        String[] shapes = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length)
                : new String[] {"64x784x300", "256x784x300", "256x300x100", "2048x2048x2048"};
        Parallel.setThreads(threads);
        System.out.printf(Locale.ROOT, "%-16s %10s %10s %10s %10s %10s%n", "MxKxN", "jnn p50", "torch p50",
                "ratio p25", "ratio p50", "ratio p75");
        for (String shape : shapes) {
            String[] d = shape.split("x");
            if (d.length != 3) {
                throw new IllegalArgumentException("GemmInterleaved: shape " + shape + " must be MxKxN");
            }
            compare(Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2]), threads, rounds);
        }
    }

    private static void compare(int m, int k, int n, int threads, int rounds) throws IOException {
        var rnd = new SplittableRandom(42);
        float[] a = Data.uniform(rnd, m * k), b = Data.uniform(rnd, k * n), c = new float[m * n];
        Runnable product = () -> Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        double gflop = 2.0 * m * n * k / 1e9;
        // Warm up until the JIT is done, and size a sample from the last call.
        long end = System.nanoTime() + 2_000_000_000L;
        long last = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            product.run();
            last = System.nanoTime() - t0;
        }
        int calls = (int) Math.max(1, Math.ceil(SAMPLE_SECONDS * 1e9 / Math.max(1, last)));
        var pb = new ProcessBuilder("/usr/bin/python3", "bench/tools/torch_mm_server.py", "" + m, "" + k, "" + n,
                "" + calls, "" + threads).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        Process torch = pb.start();
        try (var in = new BufferedReader(new InputStreamReader(torch.getInputStream(), StandardCharsets.UTF_8));
             var out = new PrintWriter(torch.getOutputStream(), true, StandardCharsets.UTF_8)) {
            if (!"ready".equals(in.readLine())) {
                throw new IOException("GemmInterleaved: the PyTorch server did not start (is python3-torch"
                        + " installed? apt-get install python3-torch)");
            }
            double[] jnn = new double[rounds], peer = new double[rounds], ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    product.run();
                }
                jnn[r] = gflop * calls / ((System.nanoTime() - t0) / 1e9);
                out.println("go");
                peer[r] = gflop * calls / Double.parseDouble(in.readLine());
                ratio[r] = jnn[r] / peer[r];
            }
            Arrays.sort(jnn);
            Arrays.sort(peer);
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "%-16s %10.1f %10.1f %10.3f %10.3f %10.3f%n", m + "x" + k + "x" + n,
                    jnn[rounds / 2], peer[rounds / 2], ratio[rounds / 4], ratio[rounds / 2], ratio[3 * rounds / 4]);
        } finally {
            torch.destroy();
        }
    }
}

package dev.jnn.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether the JIT compilers have gone quiet, judged from the JVM's accumulated compilation time over consecutive
 * windows of {@link #WINDOW_NANOS}: quiet when the last whole window spent at most {@link #MAX_SHARE} of its wall time
 * compiling. {@link Measure} waits for it before timing.
 *
 * <p>Why: a body's speed alone can settle too early. After GEMM 2048², the first 64×784×300 products (a column split
 * and edge tiles, code the square products never ran) needed 0.5-1 s of compiling: windows of 100 ms ran at 1, 3, 18,
 * 86, 135, 203, 237, 279, 290 GFLOP/s while the compilers logged 22, 144, 98, 67, 34, 13, 1, 0 ms per window. In
 * another run the speed stalled on a plateau (148, 102, 83, 130, 84, 171, then 289) between two compiled methods;
 * there no call gets faster, so a rule that watches only the calls can end a 0.5 s warm-up and time the plateau.
 */
final class JitQuiet {

    /** The window over which the compilers' activity is judged. */
    static final long WINDOW_NANOS = 250_000_000L;
    /** Quiet: at most this share of a window's wall time went to compiling (ramps measured 13-144 %, steady 0-1 %). */
    static final double MAX_SHARE = 0.10;

    private final LongSupplier compileMillis;
    private long markNanos;
    private long markMillis;
    private boolean quiet;

    /**
     * @param compileMillis the compilers' accumulated time in milliseconds, never decreasing
     * @param nowNanos      the start of the first window ({@link System#nanoTime()} scale)
     */
    JitQuiet(LongSupplier compileMillis, long nowNanos) {
        this.compileMillis = compileMillis;
        this.markNanos = nowNanos;
        this.markMillis = compileMillis.getAsLong();
    }

    /**
     * Watches this JVM's compilers. Where the JVM does not report compilation time, every window counts as quiet, so
     * the wait is one window.
     */
    static JitQuiet ofThisJvm(long nowNanos) {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        boolean reported = bean != null && bean.isCompilationTimeMonitoringSupported();
        return new JitQuiet(reported ? bean::getTotalCompilationTime : () -> 0L, nowNanos);
    }

    /**
     * Whether the last whole window ending at or before {@code nowNanos} was quiet (false until one has ended). Call
     * it often: a window ends at the first call at least {@link #WINDOW_NANOS} after the previous one ended.
     */
    boolean quietAt(long nowNanos) {
        long elapsed = nowNanos - markNanos;
        if (elapsed >= WINDOW_NANOS) {
            long millis = compileMillis.getAsLong();
            quiet = millis - markMillis <= MAX_SHARE * elapsed / 1e6;
            markMillis = millis;
            markNanos = nowNanos;
        }
        return quiet;
    }
}

package dev.jnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeasureTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Measure.median(new double[] {9, 1, 3}));
        assertEquals(2.5, Measure.median(new double[] {4, 1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Measure.median(new double[0]));
    }

    @Test
    void warmsUpThenTimesEverySample() {
        var calls = new AtomicInteger();
        Measure.Timing t = new Measure(3, 0, 0, 10).time(calls::incrementAndGet);
        assertTrue(t.warmupCalls() >= 2, "at least two warm-up calls: " + t);
        assertEquals(3, t.samples(), "a fast body gets every sample asked for: " + t);
        assertEquals(t.warmupCalls() + 3 * t.callsPerSample(), calls.get(), "every call is warm-up or timed: " + t);
        assertTrue(t.secondsPerCall() >= 0 && t.secondsPerCall() < 1, "seconds per call: " + t);
    }

    @Test
    void theHookRunsOnceAfterEachSampleAndOutsideItsTiming() {
        var calls = new AtomicInteger();
        var callsSeenByHook = new ArrayList<Integer>();
        Measure.Timing t = new Measure(4, 0, 0, 10).time(calls::incrementAndGet, () -> {
            callsSeenByHook.add(calls.get());
            sleep(30);
        });
        assertEquals(4, t.samples(), t.toString());
        int perSample = t.callsPerSample();
        assertEquals(List.of(t.warmupCalls() + perSample, t.warmupCalls() + 2 * perSample,
                t.warmupCalls() + 3 * perSample, t.warmupCalls() + 4 * perSample), callsSeenByHook,
                "the hook runs after each sample's calls, not during the warm-up: " + t);
        // The hook sleeps 30 ms; a call that counts an integer up is far below a millisecond unless that is timed.
        assertTrue(t.secondsPerCall() < 0.001, "the hook's time leaked into the samples: " + t);
    }

    @Test
    void slowBodyGetsFewerSamplesWithinTheBudget() {
        var calls = new AtomicInteger();
        Measure.Timing t = new Measure(9, 0, 0, 0.05).time(() -> {
            calls.incrementAndGet();
            sleep(20);
        });
        // A >= 20 ms call fits at most twice in a 50 ms budget (fewer if the machine is busy), never 9 times.
        assertTrue(t.samples() >= 1 && t.samples() <= 2, "samples within the budget: " + t);
        assertEquals(t.warmupCalls() + t.samples(), calls.get(), "one call per sample: " + t);
        assertTrue(t.warmupCalls() <= 4, "the warm-up stops at the budget too: " + t);
    }

    @Test
    void theWarmUpWaitsUntilTheCompilersAreQuiet() {
        var calls = new AtomicInteger();
        // Compilers that report 50 ms of work per call for the first 100 calls (about 0.1 s), then nothing more.
        long start = System.nanoTime();
        JitQuiet jit = new JitQuiet(() -> 50L * Math.min(calls.get(), 100), start);
        Measure.Timing t = new Measure(3, 0, 0, 10).time(() -> {
            calls.incrementAndGet();
            sleep(1);
        }, () -> {}, jit);
        assertTrue(t.warmupCalls() > 100, "warm-up ended while the compilers were busy: " + t);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 5, "the warm-up ends once a whole window is quiet, long before the budget: " + seconds);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void sleepingBodyIsTimedAtItsDuration() {
        double s = new Measure(3, 0, 0, 10).secondsPerCall(() -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(s >= 0.005 && s < 0.5, "seconds per call: " + s);
    }

    @Test
    void registryNamesAreUniqueAndSelectable() {
        List<Workload> all = Workloads.all();
        assertTrue(all.stream().anyMatch(w -> w.name().equals("gemm-64x784x300")));
        assertEquals(List.of("gemm-512", "gemm-256"),
                Workloads.select(List.of("gemm-512", "gemm-256", "gemm-512")).stream().map(Workload::name).toList());
        var e = assertThrows(IllegalArgumentException.class, () -> Workloads.select(List.of("gemm-7")));
        assertTrue(e.getMessage().contains("gemm-256"), "the error lists the known names: " + e.getMessage());
    }

    @Test
    void gemmWorkCountsTwoFlopsPerMultiplyAdd() {
        Workload w = GemmWorkloads.gemm("gemm-test", 3, 5, 7);
        assertEquals(2.0 * 3 * 5 * 7 / 1e9, w.work(), 1e-18);
        w.setup().get().run();
    }

    @Test
    void convWorkCountsTwoFlopsPerMacAndBackwardTwoPasses() {
        var s = ConvWorkloads.square(2, 3, 5, 4, 3, 1);
        assertEquals(2.0 * 2 * 4 * 5 * 5 * 3 * 3 * 3 / 1e9, ConvWorkloads.forward("f", s).work(), 1e-18);
        Workload bwd = ConvWorkloads.backward("b", s);
        assertEquals(2 * ConvWorkloads.forward("f", s).work(), bwd.work(), 1e-18);
        bwd.setup().get().run();
        assertEquals(List.of("conv3x3-64-fwd", "conv3x3-64-bwd", "conv5x5-lenet-fwd"),
                Workloads.all().stream().map(Workload::name).filter(n -> n.startsWith("conv")).toList());
    }
}

package dev.jnn.bench;

import dev.jnn.kernel.FmaCeiling;
import dev.jnn.kernel.Parallel;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The jnn side of {@code bench/run}: measures the selected workloads on a fixed thread count, and after each GFLOP/s
 * workload the FMA ceiling ({@link Result#CEILING_SUFFIX}), and writes one {@link Result} line each.
 *
 * <pre>
 * BenchMain [--threads N] [--repeats N] [--warmup SECONDS] [--sample SECONDS] [--budget SECONDS] [--out FILE]
 *           [--no-ceiling] [--peak-rss] [--list] [WORKLOAD...]
 * </pre>
 * {@code --peak-rss} (exactly one workload) adds the row {@code WORKLOAD-peak-rss}: the peak resident set of this
 * whole process ({@code VmHWM}), read after the workload, in {@value Workload#PEAK_RSS}. bench/run starts one process
 * per model row for it, so the figure is that workload's and nothing else's, measured in the run that gave its speed.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws IOException {
        int threads = 2;
        int repeats = 5;
        double warmup = 0.5;
        double sample = 0.2;
        double budget = 20;
        Path out = null;
        boolean ceiling = true;
        boolean peakRss = false;
        var names = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                case "--repeats" -> repeats = Integer.parseInt(value(args, ++i, "--repeats"));
                case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, "--warmup"));
                case "--sample" -> sample = Double.parseDouble(value(args, ++i, "--sample"));
                case "--budget" -> budget = Double.parseDouble(value(args, ++i, "--budget"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--no-ceiling" -> ceiling = false;
                case "--peak-rss" -> peakRss = true;
                case "--list" -> {
                    Workloads.all().forEach(w -> System.out.println(w.name()));
                    return;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("BenchMain: unknown option " + args[i]
                                + "; options: --threads N --repeats N --warmup S --sample S --budget S --out FILE --no-ceiling --peak-rss --list");
                    }
                    names.add(args[i]);
                }
            }
        }
        List<Workload> selected = Workloads.select(names);
        if (peakRss && selected.size() != 1) {
            throw new IllegalArgumentException("BenchMain: --peak-rss measures the whole process, so it needs exactly one"
                    + " workload, got " + selected.size() + "; run one process per workload");
        }
        Parallel.setThreads(threads);
        Measure measure = new Measure(repeats, warmup, sample, budget);

        var results = new ArrayList<Result>();
        for (Workload w : selected) {
            results.add(run(w, measure));
            if (ceiling && w.hasCeiling()) {
                results.add(ceilingAfter(w, threads));
            }
        }
        if (peakRss) {
            long peak = Proc.peakResident();
            results.add(new Result(selected.getFirst().name() + Workload.PEAK_RSS_SUFFIX, Workload.PEAK_RSS,
                    peak < 0 ? Double.NaN : peak / (1024.0 * 1024.0),
                    peak < 0 ? "no /proc/self/status here" : "VmHWM of the JVM " + jvmFlags()));
        }
        try (PrintStream ps = out == null ? System.out : new PrintStream(Files.newOutputStream(out))) {
            results.forEach(r -> ps.println(r.toLine()));
        }
    }

    /**
     * Runs one workload on a thread of its own: a {@link dev.jnn.tensor.Workspace} pools its arrays per thread, and
     * a fresh thread per workload lets one model's pooled activations die with it instead of crowding the heap for
     * the next (ResNet-20 training followed by batch-256 inference ran out of a 3 GB heap otherwise).
     */
    private static Result run(Workload w, Measure measure) {
        Result[] result = new Result[1];
        Thread t = Thread.ofPlatform().name("bench-" + w.name()).start(() -> result[0] = runHere(w, measure));
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("BenchMain: interrupted while running " + w.name(), e);
        }
        return result[0] != null ? result[0]
                : new Result(w.name(), w.unit(), Double.NaN, "jnn failed: the benchmark thread died (see stderr)");
    }

    /**
     * The FMA ceiling measured right after workload {@code w}: it warms up for at least a second (on until its best
     * slice stops improving), then times its windows of 0.2 s, the length of this command's samples.
     */
    private static Result ceilingAfter(Workload w, int threads) {
        FmaCeiling.Measurement fma = FmaCeiling.measure(threads, 1000);
        System.err.printf(Locale.ROOT, "jnn  %-22s %10.2f %s%n", Result.ceilingOf(w.name()), fma.sustainedGflops(),
                Workload.GFLOPS);
        return new Result(Result.ceilingOf(w.name()), Workload.GFLOPS, fma.sustainedGflops(), String.format(
                Locale.ROOT, "median of 0.2 s windows of register-resident Vector API FMA chains on %d threads, run"
                        + " right after the row; best 90 us slice %.1f", threads, fma.bestSliceGflops()));
    }

    private static Result runHere(Workload w, Measure measure) {
        try {
            Runnable body = w.setup().get();
            Measure.Timing t = measure.time(body);
            double rate = w.work() / t.secondsPerCall();
            System.err.printf(Locale.ROOT, "jnn  %-22s %10.2f %s%n", w.name(), rate, w.unit());
            String note = t.samples() < measure.repeats()
                    ? String.format(Locale.ROOT, "only %d sample(s) of %d call(s) fit the time budget (%.3f s/call)",
                            t.samples(), t.callsPerSample(), t.secondsPerCall())
                    : "";
            return new Result(w.name(), w.unit(), rate, note);
        } catch (RuntimeException | OutOfMemoryError e) {
            System.err.println("jnn  " + w.name() + " failed: " + e);
            return new Result(w.name(), w.unit(), Double.NaN, "jnn failed: " + e);
        }
    }

    /** The heap and GC options this JVM was started with, for the note of a peak-RSS row. */
    private static String jvmFlags() {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:")).toList());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("BenchMain: " + option + " needs a value");
        }
        return args[i];
    }
}

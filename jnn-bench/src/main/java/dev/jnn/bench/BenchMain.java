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
import java.util.concurrent.atomic.AtomicReference;

/**
 * The jnn side of {@code bench/run}: measures the selected workloads on a fixed thread count, and for each GFLOP/s
 * workload the FMA ceiling interleaved with its samples ({@link Result#CEILING_SUFFIX}, unless {@code --no-ceiling}),
 * and writes one {@link Result} line each.
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
            results.addAll(run(w, measure, ceiling && w.hasCeiling() ? threads : 0));
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
    private static List<Result> run(Workload w, Measure measure, int ceilingThreads) {
        var result = new AtomicReference<List<Result>>();
        Thread t = Thread.ofPlatform().name("bench-" + w.name())
                .start(() -> result.set(runHere(w, measure, ceilingThreads)));
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("BenchMain: interrupted while running " + w.name(), e);
        }
        return result.get() != null ? result.get()
                : List.of(new Result(w.name(), w.unit(), Double.NaN,
                        "jnn failed: the benchmark thread died (see stderr)"));
    }

    /**
     * Times {@code w}; with {@code ceilingThreads > 0} also the FMA ceiling on that many threads, one window of the
     * sample length after each of its samples, reported as the row {@link Result#ceilingOf}: the median of those
     * windows, so that the row and its ceiling are timed over the same minutes (the machine's speed here halved and
     * recovered within minutes during the tenth session).
     */
    private static List<Result> runHere(Workload w, Measure measure, int ceilingThreads) {
        try {
            Runnable body = w.setup().get();
            var windows = new ArrayList<Double>();
            long windowNanos = Math.max(1_000_000L, (long) (measure.minSampleSeconds() * 1e9));
            Measure.Timing t = ceilingThreads == 0 ? measure.time(body)
                    : measure.time(body, () -> windows.add(FmaCeiling.windowGflops(ceilingThreads, windowNanos)));
            double rate = w.work() / t.secondsPerCall();
            System.err.printf(Locale.ROOT, "jnn  %-22s %10.2f %s%n", w.name(), rate, w.unit());
            String note = t.samples() < measure.repeats()
                    ? String.format(Locale.ROOT, "only %d sample(s) of %d call(s) fit the time budget (%.3f s/call)",
                            t.samples(), t.callsPerSample(), t.secondsPerCall())
                    : "";
            var results = new ArrayList<Result>();
            results.add(new Result(w.name(), w.unit(), rate, note));
            if (!windows.isEmpty()) {
                results.add(ceiling(w, windows, ceilingThreads, windowNanos));
            }
            return results;
        } catch (RuntimeException | OutOfMemoryError e) {
            System.err.println("jnn  " + w.name() + " failed: " + e);
            return List.of(new Result(w.name(), w.unit(), Double.NaN, "jnn failed: " + e));
        }
    }

    /** The ceiling row of {@code w}: the median of the FMA windows timed between its samples. */
    private static Result ceiling(Workload w, List<Double> windows, int threads, long windowNanos) {
        double median = Measure.median(windows.stream().mapToDouble(Double::doubleValue).toArray());
        System.err.printf(Locale.ROOT, "jnn  %-22s %10.2f %s%n", Result.ceilingOf(w.name()), median, Workload.GFLOPS);
        return new Result(Result.ceilingOf(w.name()), Workload.GFLOPS, median, String.format(Locale.ROOT,
                "median of %d windows of %.2f s of register-resident Vector API FMA chains on %d threads, one after"
                        + " each sample of the row", windows.size(), windowNanos / 1e9, threads));
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

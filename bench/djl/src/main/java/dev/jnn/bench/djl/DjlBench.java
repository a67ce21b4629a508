package dev.jnn.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The DJL (PyTorch engine) peer of bench/run. Threads come from {@code -Dai.djl.pytorch.num_threads} and
 * {@code -Dai.djl.pytorch.num_interop_threads}, set by the script. Writes the same tab-separated result lines as
 * dev.jnn.bench.Result and uses the same timing protocol as dev.jnn.bench.Measure (warm-up, then the median of
 * several samples of back-to-back calls), except that its warm-up is the time asked for: Measure also waits for jnn's
 * JIT compilers to go quiet, which matters little here, where the work runs in native PyTorch.
 *
 * <pre>
 * DjlBench [--repeats N] [--warmup SECONDS] [--sample SECONDS] [--out FILE] [--peak-rss] [--list] [WORKLOAD...]
 * </pre>
 * {@code --peak-rss} (exactly one workload) adds the row {@code WORKLOAD-peak-rss}: the peak resident set of this
 * process ({@code VmHWM} in /proc/self/status) in MiB, JVM and native PyTorch together.
 */
public final class DjlBench {

    private DjlBench() {}

    public static void main(String[] args) throws IOException {
        int repeats = 5;
        double warmup = 0.5;
        double sample = 0.2;
        Path out = null;
        boolean peakRss = false;
        var names = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--sample" -> sample = Double.parseDouble(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--peak-rss" -> peakRss = true;
                case "--list" -> {
                    DjlWorkloads.all().keySet().forEach(System.out::println);
                    return;
                }
                default -> names.add(args[i]);
            }
        }
        if (peakRss && names.size() != 1) {
            throw new IllegalArgumentException("DjlBench: --peak-rss measures the whole process: give exactly one workload");
        }
        Map<String, DjlWorkloads.Entry> registry = DjlWorkloads.all();
        if (names.isEmpty()) {
            names.addAll(registry.keySet());
        }
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(42);
        var lines = new ArrayList<String>();
        lines.add("# DJL " + Engine.getDjlVersion() + ", PyTorch " + engine.getVersion() + ", intra-op threads "
                + System.getProperty("ai.djl.pytorch.num_threads", "default") + ", inter-op threads "
                + System.getProperty("ai.djl.pytorch.num_interop_threads", "default"));
        for (String name : names) {
            DjlWorkloads.Entry e = registry.get(name);
            if (e == null) {
                lines.add(name + "\t\t\tnot in the DJL registry");
                continue;
            }
            try (NDManager manager = NDManager.newBaseManager()) {
                DjlWorkloads.Timed t = e.setup().apply(manager);
                double seconds = secondsPerCall(t.body(), repeats, warmup, sample);
                if (t.minus() != null) {
                    seconds -= secondsPerCall(t.minus(), repeats, warmup, sample);
                }
                double rate = t.work() / seconds;
                System.err.printf(Locale.ROOT, "djl  %-22s %10.2f %s%n", name, rate, e.unit());
                lines.add(String.format(Locale.ROOT, "%s\t%s\t%.4f\t%s", name, e.unit(), rate, t.note()));
            } catch (RuntimeException | Error ex) {
                System.err.println("djl  " + name + " failed: " + ex);
                lines.add(name + "\t" + e.unit() + "\t\tdjl failed: " + String.valueOf(ex).replace('\t', ' ').replace('\n', ' '));
            }
        }
        if (peakRss) {
            lines.add(peakRssLine(names.getFirst()));
        }
        String text = String.join("\n", lines) + "\n";
        if (out == null) {
            System.out.print(text);
        } else {
            Files.writeString(out, text);
        }
    }

    /** The row NAME-peak-rss: VmHWM of this process in MiB, as the jnn side reads it. */
    private static String peakRssLine(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                double mib = Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
                return String.format(Locale.ROOT, "%s-peak-rss\tMiB RSS\t%.4f\t",
                        name, mib);
            }
        }
        return name + "-peak-rss\tMiB RSS\t\tno /proc/self/status here";
    }

    static double secondsPerCall(Runnable body, int repeats, double warmupSeconds, double minSampleSeconds) {
        long start = System.nanoTime();
        int calls = 0;
        long last;
        long now = start;
        do {
            long t0 = now;
            body.run();
            calls++;
            now = System.nanoTime();
            last = now - t0;
        } while (calls < 2 || now - start < warmupSeconds * 1e9);
        // Samples are sized from the last warm-up call: the first ones include one-off initialisation.
        int perSample = (int) Math.max(1, Math.min(1_000_000, Math.ceil(minSampleSeconds / Math.max(last / 1e9, 1e-9))));
        double[] s = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perSample; i++) {
                body.run();
            }
            s[r] = (System.nanoTime() - t0) / 1e9 / perSample;
        }
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

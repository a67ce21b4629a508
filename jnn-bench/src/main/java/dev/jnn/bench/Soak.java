package dev.jnn.bench;

import dev.jnn.data.Dataset;
import dev.jnn.data.KnownDatasets;
import dev.jnn.kernel.Parallel;
import dev.jnn.models.Zoo;
import dev.jnn.nn.Module;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.Momentum;
import dev.jnn.tensor.Shape;
import dev.jnn.train.BatchLogs;
import dev.jnn.train.Callback;
import dev.jnn.train.Fit;
import dev.jnn.train.Trainer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The soak test of issue 3: many MLP training steps through the ordinary {@link Trainer#fit} path (data loader with
 * its prefetch thread, a validation pass every epoch, the thread pool), checking that nothing accumulates. At chosen
 * steps it records the heap used after a full garbage collection, the live thread count and the open file
 * descriptors; it fails when, between the first checkpoint after warm-up and the last, the heap grew by more than the
 * tolerance or the threads or descriptors grew at all.
 *
 * <pre>
 * Soak [--steps 10000] [--at 1,1000,10000] [--batch 64] [--threads 2] [--tolerance-mib 2] [--limit N]
 * </pre>
 * MLP 784-300-100-10 (ReLU), SGD lr 0.01 momentum 0.9, Fashion-MNIST training set with 10 % held out for validation.
 * Exit code 0 when flat, 1 when something grew, 2 on bad arguments. The first checkpoint is only reported: it is
 * taken before the JIT, the pools and the loader have reached their steady state; the comparison is between the
 * second checkpoint and the last.
 */
public final class Soak {

    /** One checkpoint: heap after a full GC (bytes), live threads, open file descriptors, resident set (bytes). */
    public record Sample(long step, long heapAfterGc, int threads, int openFiles, long residentBytes) {

        String line() {
            return String.format(Locale.ROOT, "step %,7d  heap after GC %8.2f MiB  threads %3d  open fds %3d  RSS %7.1f MiB",
                    step, heapAfterGc / MIB, threads, openFiles, residentBytes / MIB);
        }
    }

    /** The verdict on a run: the samples and the growth found between the second and the last (empty = flat). */
    public record Verdict(List<Sample> samples, List<String> growth) {

        public boolean flat() {
            return growth.isEmpty();
        }
    }

    private static final double MIB = 1024.0 * 1024.0;

    private Soak() {}

    public static void main(String[] args) throws IOException {
        long steps = 10_000;
        long[] at = null;
        int batch = 64;
        int threads = 2;
        double toleranceMib = 2;
        Integer limit = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--steps" -> steps = Long.parseLong(value(args, ++i));
                    case "--at" -> at = Arrays.stream(value(args, ++i).split(",")).mapToLong(Long::parseLong).toArray();
                    case "--batch" -> batch = Integer.parseInt(value(args, ++i));
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i));
                    case "--tolerance-mib" -> toleranceMib = Double.parseDouble(value(args, ++i));
                    case "--limit" -> limit = Integer.parseInt(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("Soak: " + e.getMessage() + "; options: --steps N --at S1,S2,... --batch B --threads N"
                    + " --tolerance-mib M --limit N");
            System.exit(2);
        }
        if (at == null) {
            at = new long[] {1, Math.min(1_000, steps), steps};
        }
        Parallel.setThreads(threads);
        Dataset train = KnownDatasets.defaults(null).load("fashion-mnist", true);
        if (limit != null) {
            train = train.subset(IntStream.range(0, Math.min(limit, train.size())).toArray());
        }
        System.out.printf(Locale.ROOT, "Soak: MLP 784-300-100-10, SGD 0.01 momentum 0.9, batch %d, %d threads,"
                + " %,d steps on Fashion-MNIST (%,d examples, 10 %% validation); tolerance %.1f MiB%n",
                batch, threads, steps, train.size(), toleranceMib);
        long start = System.nanoTime();
        Verdict v = run(train, batch, steps, at, (long) (toleranceMib * MIB), s -> System.out.println(s.line()));
        System.out.printf(Locale.ROOT, "%,d steps in %.1f s%n", steps, (System.nanoTime() - start) / 1e9);
        if (v.flat()) {
            System.out.println("FLAT: no growth in heap after GC (within tolerance), threads or open files");
        } else {
            v.growth().forEach(g -> System.out.println("GROWTH: " + g));
            System.exit(1);
        }
    }

    /**
     * Trains the MLP on {@code train} for {@code steps} steps of {@code batch} examples, sampling at each step of
     * {@code at} (ascending, at least two, the last equal to {@code steps}); {@code onSample} sees each sample as it
     * is taken.
     */
    public static Verdict run(Dataset train, int batch, long steps, long[] at, long toleranceBytes,
                              Consumer<Sample> onSample) {
        if (at.length < 2 || at[at.length - 1] != steps || !isAscending(at) || at[0] < 1) {
            throw new IllegalArgumentException("Soak: checkpoints must be ascending, >= 1, at least two, the last equal"
                    + " to --steps " + steps + "; got " + Arrays.toString(at));
        }
        Module mlp = Zoo.create("mlp", train.featureShape(), 10);
        mlp.initialize(1);
        Trainer trainer = Trainer.of(mlp, new Momentum(0.01, 0.9), Loss.crossEntropy());
        var samples = new ArrayList<Sample>();
        Callback probe = new Callback() {
            private long step;
            private int next;

            @Override
            public void onBatchEnd(Trainer t, BatchLogs logs) {
                step++;
                if (next < at.length && step == at[next]) {
                    next++;
                    Sample s = sample(step);
                    samples.add(s);
                    onSample.accept(s);
                    if (step == steps) {
                        t.stopTraining("soak: " + steps + " steps done");
                    }
                }
            }
        };
        double validation = 0.1;
        long perEpoch = (long) Math.ceil(Math.round(train.size() * (1 - validation)) / (double) batch);
        int epochs = (int) Math.min(Integer.MAX_VALUE, steps / Math.max(1, perEpoch) + 2);
        trainer.fit(train, Fit.epochs(epochs).batchSize(batch).shuffle(1).validationSplit(validation)
                .callbacks(probe));
        if (samples.size() != at.length) {
            throw new IllegalStateException("Soak: training ended after fewer steps than " + steps
                    + " (samples taken: " + samples.size() + ")");
        }
        return new Verdict(List.copyOf(samples), growth(samples.get(1), samples.getLast(), toleranceBytes));
    }

    /** What grew from {@code from} to {@code to}: heap beyond the tolerance, any thread, any file descriptor. */
    static List<String> growth(Sample from, Sample to, long toleranceBytes) {
        var out = new ArrayList<String>();
        if (to.heapAfterGc() - from.heapAfterGc() > toleranceBytes) {
            out.add(String.format(Locale.ROOT, "heap after GC %.2f MiB at step %,d -> %.2f MiB at step %,d"
                            + " (tolerance %.2f MiB)", from.heapAfterGc() / MIB, from.step(), to.heapAfterGc() / MIB,
                    to.step(), toleranceBytes / MIB));
        }
        if (to.threads() > from.threads()) {
            out.add("live threads " + from.threads() + " at step " + from.step() + " -> " + to.threads() + " at step "
                    + to.step() + "; now: " + threadNames());
        }
        if (to.openFiles() > from.openFiles()) {
            out.add("open file descriptors " + from.openFiles() + " at step " + from.step() + " -> " + to.openFiles()
                    + " at step " + to.step());
        }
        return out;
    }

    /** Takes a sample now. */
    static Sample sample(long step) {
        return new Sample(step, heapAfterFullGc(), ManagementFactory.getThreadMXBean().getThreadCount(), openFiles(),
                Proc.status("VmRSS"));
    }

    /**
     * Heap used after full collections, repeated until two in a row agree within 64 KiB (a collection may free what
     * finalizers or reference processing released in the previous one), at most 10 times; the smallest is returned.
     */
    static long heapAfterFullGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        long previous = -1;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            best = Math.min(best, used);
            if (previous >= 0 && Math.abs(used - previous) < 64 * 1024) {
                break;
            }
            previous = used;
        }
        return best;
    }

    /** Open file descriptors of this process (entries of /proc/self/fd, minus the one listing them); -1 if unknown. */
    static int openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count() - 1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList().toString();
    }

    private static boolean isAscending(long[] xs) {
        for (int i = 1; i < xs.length; i++) {
            if (xs[i] <= xs[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}

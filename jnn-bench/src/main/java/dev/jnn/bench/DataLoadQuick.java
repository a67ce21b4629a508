package dev.jnn.bench;

import dev.jnn.data.Batch;
import dev.jnn.data.BatchIterator;
import dev.jnn.data.DataLoader;
import dev.jnn.data.IdxReader;
import dev.jnn.data.TensorDataset;
import dev.jnn.data.Transform;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times loading Fashion-MNIST train (60,000 gzip'd 28×28 images + labels) into tensors: median of 5 runs in one
 * JVM after 2 warm-up runs. Then times one epoch of the loader (batch 128, shuffled, prefetch 2) without and with
 * augmentation (random shift ±2 px, rotation ±10°, bilinear).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp jnn-core/target/classes:jnn-bench/target/classes
 * dev.jnn.bench.DataLoadQuick [folder with train-images-idx3-ubyte.gz]} (default: Debian's
 * /usr/share/datasets/fashion-mnist).
 */
public final class DataLoadQuick {

    private DataLoadQuick() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
        TensorDataset data = null;
        for (int i = 0; i < 2; i++) {
            data = IdxReader.dataset(images, labels);
        }
        // Wall time is what the user waits; CPU time of this thread shows the cost on a machine shared with others.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] ms = new double[5];
        double[] cpu = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            data = IdxReader.dataset(images, labels);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        System.out.printf("load %s: %d examples %s, wall runs %s ms, median %.1f ms; CPU median %.1f ms%n", images,
                data.size(), data.featureShape(), Arrays.toString(Arrays.stream(ms).map(Math::round).toArray()),
                median(ms), median(cpu));

        DataLoader plain = DataLoader.of(data, 128).shuffle(1).prefetch(2);
        DataLoader augmented = plain.augment(Transform.randomShift(2, 2).then(Transform.randomRotation(10)));
        for (DataLoader loader : new DataLoader[] {plain, augmented}) {
            epoch(loader, 0);
            double[] e = new double[3];
            for (int i = 0; i < e.length; i++) {
                long t0 = System.nanoTime();
                epoch(loader, i + 1);
                e[i] = (System.nanoTime() - t0) / 1e6;
            }
            System.out.printf("epoch of %d batches (%s): median %.1f ms = %.0f images/s%n", loader.batchesPerEpoch(),
                    loader == plain ? "no augmentation" : "shift+rotation", median(e),
                    data.size() / (median(e) / 1e3));
        }
    }

    private static long epoch(DataLoader loader, int epoch) {
        long sum = 0;
        try (BatchIterator it = loader.epoch(epoch)) {
            while (it.hasNext()) {
                Batch b = it.next();
                sum += b.labels()[0];
            }
        }
        return sum;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

package dev.jnn.bench;

import dev.jnn.data.Dataset;
import dev.jnn.data.KnownDatasets;
import dev.jnn.data.TensorDataset;
import dev.jnn.data.Transform;
import dev.jnn.models.Zoo;
import dev.jnn.nn.Module;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.Adam;
import dev.jnn.tensor.Shape;
import dev.jnn.train.Fit;
import dev.jnn.train.Trainer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Does on-the-fly augmentation slow training down? Trains LeNet-5 on a slice of Fashion-MNIST for one epoch with and
 * without shift + rotation (the loader augments on its background thread), alternating the two so that load changes
 * hit both alike, and prints the median images/s of each and their ratio.
 *
 * <pre>
 * mvn -q -pl jnn-bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -cp jnn-core/target/classes:jnn-bench/target/classes \
 *     dev.jnn.bench.AugmentationOverhead [examples=6400] [rounds=3]
 * </pre>
 */
public final class AugmentationOverhead {

    private AugmentationOverhead() {}

    public static void main(String[] args) throws Exception {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 6400;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TensorDataset all = KnownDatasets.defaults(null).load("fashion-mnist", true);
        Dataset train = all.subset(IntStream.range(0, Math.min(examples, all.size())).toArray());
        Transform augment = Transform.randomShift(2, 2).then(Transform.randomRotation(10));

        epochImagesPerSecond(train, null); // warm-up: JIT-compiles the kernels and the loader
        double[] plain = new double[rounds];
        double[] augmented = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            plain[r] = epochImagesPerSecond(train, null);
            augmented[r] = epochImagesPerSecond(train, augment);
            System.out.printf("round %d: plain %.0f img/s, augmented %.0f img/s%n", r + 1, plain[r], augmented[r]);
        }
        double p = median(plain);
        double a = median(augmented);
        System.out.printf("LeNet-5, batch 64, %d examples: plain %.0f img/s, shift+rotation %.0f img/s, ratio %.3f%n",
                train.size(), p, a, a / p);
    }

    private static double epochImagesPerSecond(Dataset train, Transform augment) {
        Module model = Zoo.create("lenet5", Shape.of(1, 28, 28), 10);
        model.initialize(1);
        Trainer trainer = Trainer.of(model, new Adam(1e-3), Loss.crossEntropy());
        Fit fit = Fit.epochs(1).batchSize(64).shuffle(1);
        if (augment != null) {
            fit = fit.augment(augment);
        }
        long start = System.nanoTime();
        trainer.fit(train, fit);
        return train.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

package dev.jnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.data.KnownDatasets;
import dev.jnn.io.ModelFile;
import dev.jnn.models.Zoo;
import dev.jnn.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    private static final Pattern TEST_LINE = Pattern.compile("Test accuracy: (\\d\\.\\d{4}) \\(([\\d,]+) examples\\)");

    @Test
    void mlpOnDigitsEndsWithTheTestAccuracy(@TempDir Path dir) throws Exception {
        Path shared = KnownDatasets.findSharedDatasets(Path.of(""));
        assumeTrue(shared != null && Files.exists(shared.resolve("digits").resolve("digits.csv")),
                "shared/datasets/digits/digits.csv not found above the working directory");
        Path log = dir.resolve("log.csv");
        Path model = dir.resolve("model.jnn");
        String out = MainTest.captureOut(() -> assertEquals(0, Main.run("train", "--model", "mlp", "--dataset",
                "digits", "--epochs", "2", "--validation-split", "0.1", "--log", log.toString(), "--save",
                model.toString())));
        String[] lines = out.strip().split("\n");
        Matcher m = TEST_LINE.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), out);
        // 1,797 digits, stratified 80/20: 359 held out for the test; two epochs of Adam get well above chance.
        assertEquals("359", m.group(2), out);
        assertTrue(Double.parseDouble(m.group(1)) > 0.5, out);
        assertTrue(out.contains("Epoch 2/2") && out.contains("val_accuracy"), out);
        assertEquals(3, Files.readAllLines(log).size(), "header and one line per epoch");
        // The saved file loads into a fresh 64-input, 10-class mlp and records what was trained.
        var contents = ModelFile.loadInto(Zoo.create("mlp", Shape.of(64), 10), model);
        assertEquals("mlp", contents.metadata().get("model"));
        assertEquals("digits", contents.metadata().get("dataset"));
    }

    @Test
    void lenet5OnPartOfFashionMnist() {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "no Fashion-MNIST here");
        String out = MainTest.captureOut(() -> assertEquals(0, Main.run("train", "--model", "lenet5", "--dataset",
                "fashion-mnist", "--epochs", "1", "--limit", "512")));
        assertTrue(out.contains("512 train, 0 validation") && out.contains("normalize channel"), out);
        Matcher m = TEST_LINE.matcher(out);
        assertTrue(m.find(), out);
        assertEquals("10,000", m.group(2), out);
        assertTrue(Double.parseDouble(m.group(1)) > 0.2, "better than chance (0.1) after 512 examples: " + out);
    }

    @Test
    void augmentationAndL2PlugIntoTraining() {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "no Fashion-MNIST here");
        String out = MainTest.captureOut(() -> assertEquals(0, Main.run("train", "--model", "lenet5", "--dataset",
                "fashion-mnist", "--epochs", "1", "--limit", "256", "--augment", "shift=2,rotate=10", "--l2",
                "5e-5", "--schedule", "cosine", "--lr", "0.002")));
        assertTrue(out.contains("lr 0.002 cosine, batch 32, normalize channel, augment shift=2,rotate=10, l2 5.0E-5"),
                out);
        // Cosine decay per step over 256 / 32 = 8 steps: the last step ran at 0.002·(1 + cos(7π/8))/2 = 0.000076.
        assertTrue(out.contains("lr 7.61e-05"), out);
        assertTrue(TEST_LINE.matcher(out).find(), out);
    }

    @Test
    void badAugmentationsAndL2AreUsageErrors() {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "no Fashion-MNIST here");
        String err = MainTest.captureErr(() -> assertEquals(2, Main.run("train", "--model", "lenet5", "--dataset",
                "fashion-mnist", "--limit", "64", "--augment", "blur=3")));
        assertTrue(err.contains("unknown transform 'blur'") && err.contains("rotate=D"), err);
        String err2 = MainTest.captureErr(() -> assertEquals(2, Main.run("train", "--model", "mlp", "--dataset",
                "digits", "--l2", "-1", "--schedule", "linear")));
        assertTrue(err2.contains("--l2 must be a finite number >= 0, got -1.0"), err2);
        assertTrue(err2.contains("unknown --schedule 'linear'; known: constant, cosine"), err2);
    }

    @Test
    void badOptionsAreUsageErrors() {
        String err = MainTest.captureErr(() -> assertEquals(2, Main.run("train", "--model", "mlp", "--dataset",
                "digits", "--optimizer", "lbfgs", "--epochs", "0", "--normalize", "pixel")));
        assertTrue(err.contains("unknown optimizer 'lbfgs'") && err.contains("rmsprop"), err);
        assertTrue(err.contains("unknown --normalize 'pixel'; known: channel, none"), err);
        assertTrue(err.contains("--epochs must be >= 1"), err);
        String err2 = MainTest.captureErr(() -> assertEquals(2, Main.run("train", "--model", "mlp", "--dataset",
                "svhn")));
        assertTrue(err2.contains("unknown data set 'svhn'") && err2.contains("fashion-mnist"), err2);
    }

    @Test
    void aConvNetOnFlatFeaturesIsAUsageError() {
        Path shared = KnownDatasets.findSharedDatasets(Path.of(""));
        assumeTrue(shared != null && Files.exists(shared.resolve("iris")), "no iris");
        String err = MainTest.captureErr(() -> assertEquals(2, Main.run("train", "--model", "lenet5", "--dataset",
                "iris")));
        assertTrue(err.contains("lenet5") && !err.contains("\tat "), err);
    }

    @Test
    void missingDataSetFailsWithTheLibraryMessage(@TempDir Path dir) {
        // cifar-10 is in none of the searched folders here; an empty --data-dir makes the loader look there (and
        // try to download, which fails offline or is refused): either way an error message, exit code 1, no trace.
        assumeTrue(!Files.isDirectory(Path.of("/usr/share/datasets/cifar-10")), "cifar-10 is installed");
        Path shared = KnownDatasets.findSharedDatasets(Path.of(""));
        assumeTrue(shared == null || !Files.isDirectory(shared.resolve("cifar-10")), "cifar-10 is shared");
        String err = MainTest.captureErr(() -> assertEquals(1, Main.run("train", "--model", "resnet20", "--dataset",
                "cifar-10", "--data-dir", dir.toString())));
        assertTrue(err.startsWith("jnn train: ") && !err.contains("\tat "), err);
    }

    @Test
    void channelStandardizationUsesOneMeanAndStdPerChannel() {
        // Two examples [2 channels, 2 positions]: channel 0 holds 1, 2, 3, 4 (mean 2.5, std √1.25), channel 1 all 7.
        var data = dev.jnn.data.TensorDataset.of(dev.jnn.tensor.Tensor.of(new float[] {1, 2, 7, 7, 3, 4, 7, 7},
                2, 2, 2), new int[] {0, 1});
        var scaler = ChannelStandardization.fit(data);
        float sd = (float) Math.sqrt(1.25);
        assertTrue(Arrays.equals(new float[] {2.5f, 2.5f, 7, 7}, scaler.shift()), Arrays.toString(scaler.shift()));
        assertTrue(Arrays.equals(new float[] {sd, sd, 1, 1}, scaler.scale()), "a constant channel is only shifted: "
                + Arrays.toString(scaler.scale()));
    }

    @Test
    void sampleDrawsDistinctSortedIndices() {
        int[] s = TrainCommand.sample(100, 30, 7);
        assertEquals(30, Arrays.stream(s).distinct().count());
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i - 1] < s[i] && s[i] < 100);
        }
        assertTrue(Arrays.equals(s, TrainCommand.sample(100, 30, 7)), "seeded");
    }
}

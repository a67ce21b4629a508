package dev.jnn.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.data.CsvTable;
import dev.jnn.data.KnownDatasets;
import dev.jnn.data.Splits;
import dev.jnn.data.TensorDataset;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 8×8 digits (1797 examples, pixels 0–16 scaled to [0, 1]) from shared/datasets, and the test MLP. */
final class Digits {

    private static TensorDataset all;

    private Digits() {
    }

    /** All 1797 examples; skips the calling test when shared/datasets/digits is not found. */
    static synchronized TensorDataset all() {
        if (all == null) {
            Path shared = KnownDatasets.findSharedDatasets(Path.of("").toAbsolutePath());
            assumeTrue(shared != null && Files.isRegularFile(shared.resolve("digits/digits.csv")),
                    "shared/datasets/digits/digits.csv not found above the working directory");
            try {
                TensorDataset raw = CsvTable.read(shared.resolve("digits/digits.csv")).classification("label");
                all = raw.withFeatures(raw.features().div(16f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    /** A stratified 80 / 20 split with a fixed seed. */
    static Splits.Split split() {
        return Splits.trainValidation(all(), 0.2, 42, true);
    }

    /** 64 → 32 (ReLU) → 10 logits, seeded. */
    static Sequential mlp(long seed) {
        Sequential m = new Sequential(new Dense(64, 32), Activation.relu(), new Dense(32, 10));
        m.initialize(seed);
        return m;
    }
}

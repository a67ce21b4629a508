package dev.jnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.data.KnownDatasets;
import dev.jnn.data.Splits;
import dev.jnn.data.TensorDataset;
import dev.jnn.io.ModelFile;
import dev.jnn.io.Provenance;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end example of the training section of the README, run as written (paths in a temporary folder). */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void loadBuildFitEvaluateSaveLoad() throws IOException {
        Digits.all(); // skips this test when shared/datasets/digits is absent

        TensorDataset digits = KnownDatasets.defaults(null).load("digits", true);    // [1797, 64], labels 0-9
        digits = digits.withFeatures(digits.features().div(16f));                   // pixels 0-16 → [0, 1]
        Splits.Split split = Splits.trainValidation(digits, 0.2, 42, true);         // stratified 80 / 20

        var model = new Sequential(new Dense(64, 32), Activation.relu(), new Dense(32, 10));
        model.initialize(42);
        var trainer = Trainer.of(model, new Adam(3e-3), Loss.crossEntropy());
        History history = trainer.fit(split.train(), Fit.epochs(30).batchSize(32).shuffle(42).validationSplit(0.1)
                .callbacks(new EarlyStopping(5).monitor("val_accuracy"),
                        Checkpoint.bestOnly(dir.resolve("best.jnn"), "val_accuracy"),
                        new CsvLogger(dir.resolve("log.csv"))));
        Map<String, Double> test = trainer.evaluate(split.validation());             // {loss=…, accuracy=…}

        ModelFile.save(model, dir.resolve("digits.jnn"),
                Provenance.of("mlp-64-32-10").seed(42).dataset("digits").toMetadata());
        var restored = new Sequential(new Dense(32), Activation.relu(), new Dense(10));   // sizes inferred on load
        ModelFile.loadInto(restored, dir.resolve("digits.jnn"));

        assertTrue(test.get("accuracy") >= 0.95, test + "\n" + history);
        assertTrue(Files.exists(dir.resolve("best.jnn")) && Files.exists(dir.resolve("log.csv")));
        var x = TrainerTest.features(split.validation());
        assertArrayEquals(trainer.predict(x).toArray(), Trainer.of(restored, new Adam(), Loss.crossEntropy())
                .predict(x).toArray());
    }
}

package dev.jnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.data.Dataset;
import dev.jnn.data.Splits;
import dev.jnn.data.TensorDataset;
import dev.jnn.io.ModelFile;
import dev.jnn.io.Provenance;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.Adam;
import dev.jnn.optim.Sgd;
import dev.jnn.optim.schedule.ReduceOnPlateau;
import dev.jnn.optim.schedule.StepDecay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {

    @TempDir
    Path dir;

    /**
     * Validation data whose labels are shuffled: the better the model learns the real digits, the worse its
     * validation loss, so the best epoch comes early and early stopping must trigger.
     */
    static Dataset shuffledLabels(Dataset d) {
        int[] labels = new int[d.size()];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(10);
        }
        return TensorDataset.of(TrainerTest.features(d), labels);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        Splits.Split s = Digits.split();
        Dataset noisy = shuffledLabels(s.validation());
        Sequential model = Digits.mlp(1);
        Trainer trainer = Trainer.of(model, new Adam(1e-2), Loss.crossEntropy());
        EarlyStopping es = new EarlyStopping(2);
        History h = trainer.fit(s.train(), noisy, Fit.epochs(30).batchSize(64).callbacks(es));

        assertTrue(es.stoppedEpoch() > 0 && h.epochs() == es.stoppedEpoch() + 1 && h.epochs() < 30, h.toString());
        assertEquals(es.bestEpoch() + 2, es.stoppedEpoch(), "stops after `patience` epochs without improvement");
        assertEquals(h.bestEpoch("val_loss"), es.bestEpoch());
        assertTrue(es.bestEpoch() < h.epochs() - 1, "the last epoch is not the best one");
        assertNotNull(trainer.stopReason());
        // The model now holds the weights of the best epoch: evaluating gives exactly that epoch's validation loss.
        assertEquals(h.get("val_loss")[es.bestEpoch()], trainer.evaluate(noisy, 64).get("loss"), 0.0);
    }

    @Test
    void earlyStoppingWithoutValidationDataSaysWhatToDo() {
        Splits.Split s = Digits.split();
        Trainer trainer = Trainer.of(Digits.mlp(1), new Adam(1e-2), Loss.crossEntropy());
        var e = assertThrows(IllegalStateException.class,
                () -> trainer.fit(s.train(), Fit.epochs(2).callbacks(new EarlyStopping(1))));
        assertTrue(e.getMessage().contains("'val_loss'") && e.getMessage().contains("validationSplit"),
                e.getMessage());
    }

    @Test
    void checkpointsAreAtomicLoadableAndKeepTheBest() throws IOException {
        Splits.Split s = Digits.split();
        Sequential model = Digits.mlp(1);
        Adam adam = new Adam(1e-2);
        Trainer trainer = Trainer.of(model, adam, Loss.crossEntropy());
        Checkpoint best = Checkpoint.bestOnly(dir.resolve("best.jnn"), "val_accuracy")
                .metadata(Provenance.of("mlp-64-32-10").seed(1).dataset("digits").toMetadata());
        Checkpoint every = Checkpoint.everyEpoch(dir.resolve("epochs/e-{epoch}.jnn")).withOptimizer();
        History h = trainer.fit(s.train(), s.validation(), Fit.epochs(4).batchSize(64).callbacks(best, every));

        try (var files = Files.list(dir.resolve("epochs"))) {
            assertEquals(List.of("e-1.jnn", "e-2.jnn", "e-3.jnn", "e-4.jnn"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
        // The last per-epoch checkpoint resumes training exactly: same weights and optimizer state.
        Sequential resumed = Digits.mlp(99);
        Adam resumedAdam = new Adam(1e-2);
        ModelFile.loadInto(resumed, resumedAdam, dir.resolve("epochs/e-4.jnn"));
        assertEquals(adam.state(), resumedAdam.state());
        for (int i = 0; i < model.parameters().size(); i++) {
            assertArrayEquals(model.parameters().get(i).values(), resumed.parameters().get(i).values());
        }
        // The best checkpoint holds the best epoch's weights and says so in its metadata.
        int bestEpoch = h.bestEpoch("val_accuracy");
        Sequential loaded = Digits.mlp(99);
        ModelFile.Contents c = ModelFile.loadInto(loaded, dir.resolve("best.jnn"));
        assertEquals(Integer.toString(bestEpoch + 1), c.metadata().get("epoch"));
        assertEquals("mlp-64-32-10", c.provenance().model());
        assertEquals("64", c.provenance().hyperParameters().get("batch_size"));
        assertTrue(c.metadata().get("config").startsWith("Sequential("), c.metadata().get("config"));
        assertEquals(h.get("val_accuracy")[bestEpoch], Double.parseDouble(c.metadata().get("metric.val_accuracy")));
        double acc = Trainer.of(loaded, new Sgd(0), Loss.crossEntropy()).evaluate(s.validation(), 64).get("accuracy");
        assertEquals(h.get("val_accuracy")[bestEpoch], acc, 0.0);
    }

    @Test
    void csvLoggerWritesOneRowPerEpochAndAppends() throws IOException {
        Splits.Split s = Digits.split();
        Path csv = dir.resolve("log.csv");
        Trainer trainer = Trainer.of(Digits.mlp(1), new Adam(1e-2), Loss.crossEntropy());
        History h = trainer.fit(s.train(), s.validation(), Fit.epochs(3).batchSize(64).callbacks(new CsvLogger(csv)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,lr,epoch_time,images_per_s", lines.get(0));
        assertEquals(4, lines.size());
        for (int e = 0; e < 3; e++) {
            String[] cells = lines.get(e + 1).split(",");
            assertEquals(Integer.toString(e + 1), cells[0]);
            assertEquals(h.get("loss")[e], Double.parseDouble(cells[1]), 0.0);
            assertEquals(h.get("val_accuracy")[e], Double.parseDouble(cells[4]), 0.0);
        }
        assertEquals(h.toCsv(), String.join("\n", lines) + "\n", "History.toCsv matches the logger");

        trainer.fit(s.train(), s.validation(), Fit.epochs(2).batchSize(64).callbacks(new CsvLogger(csv, true)));
        lines = Files.readAllLines(csv);
        assertEquals(6, lines.size());
        assertTrue(lines.get(4).startsWith("4,") && lines.get(5).startsWith("5,"), lines.toString());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left");
        }
    }

    @Test
    void progressBarUpdatesInPlaceOnATerminalAndPrintsLinesOtherwise() {
        Splits.Split s = Digits.split();
        var tty = new ByteArrayOutputStream();
        var log = new ByteArrayOutputStream();
        Trainer trainer = Trainer.of(Digits.mlp(1), new Adam(1e-2), Loss.crossEntropy());
        trainer.fit(s.train(), s.validation(), Fit.epochs(2).batchSize(64).callbacks(
                new ProgressBar(new PrintStream(tty, true, StandardCharsets.UTF_8), true),
                new ProgressBar(new PrintStream(log, true, StandardCharsets.UTF_8), false)));
        String t = tty.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("\rEpoch 1/2 [") && t.contains("23/23") && t.contains("ETA") && t.contains("img/s"), t);
        assertEquals(2, t.chars().filter(ch -> ch == '\n').count(), "one finished line per epoch");
        String l = log.toString(StandardCharsets.UTF_8);
        assertFalse(l.contains("\r"), l);
        List<String> lines = l.lines().toList();
        assertEquals(2, lines.size(), l);
        assertTrue(lines.get(1).startsWith("Epoch 2/2  loss ") && lines.get(1).contains("val_accuracy 0."), l);
    }

    @Test
    void learningRateSchedulesDriveTheOptimizer() {
        Splits.Split s = Digits.split();
        Trainer perEpoch = Trainer.of(Digits.mlp(1), new Sgd(1), Loss.crossEntropy());
        History h = perEpoch.fit(s.train(), Fit.epochs(4).batchSize(64)
                .callbacks(LearningRateScheduler.perEpoch(new StepDecay(0.1, 0.5, 2))));
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05}, h.get("lr"), 1e-15);

        Sgd sgd = new Sgd(1);
        Trainer perStep = Trainer.of(Digits.mlp(1), sgd, Loss.crossEntropy());
        perStep.fit(s.train(), Fit.epochs(2).batchSize(64).callbacks(LearningRateScheduler.perStep(t -> 1.0 / (t + 1))));
        assertEquals(46, sgd.steps());
        assertEquals(1.0 / 46, sgd.learningRate(), 1e-15, "the last step used tick 45");

        Trainer plateau = Trainer.of(Digits.mlp(1), new Adam(1e-2), Loss.crossEntropy());
        History hp = plateau.fit(s.train(), shuffledLabels(s.validation()), Fit.epochs(6).batchSize(64).callbacks(
                LearningRateScheduler.onPlateau(new ReduceOnPlateau(ReduceOnPlateau.Mode.MIN).withPatience(1), "val_loss")));
        double[] lr = hp.get("lr");
        assertEquals(1e-2, lr[0], 1e-15);
        assertTrue(lr[5] < lr[0], "the rate drops when val_loss stops improving: " + hp);
    }

    @Test
    void aCallbackCanStopTrainingMidEpoch() {
        Splits.Split s = Digits.split();
        var events = new java.util.ArrayList<String>();
        Callback stopper = new Callback() {
            @Override
            public void onEpochBegin(Trainer t, int epoch) {
                events.add("begin " + epoch);
            }

            @Override
            public void onBatchEnd(Trainer t, BatchLogs logs) {
                if (logs.epoch() == 1 && logs.batch() == 4) {
                    t.stopTraining("enough");
                }
            }

            @Override
            public void onEpochEnd(Trainer t, int epoch, java.util.Map<String, Double> logs) {
                events.add("end " + epoch);
            }

            @Override
            public void onTrainEnd(Trainer t, History h) {
                events.add("train end " + h.epochs());
            }
        };
        Trainer trainer = Trainer.of(Digits.mlp(1), new Adam(1e-2), Loss.crossEntropy());
        History h = trainer.fit(s.train(), Fit.epochs(5).batchSize(64).callbacks(stopper));
        assertEquals(List.of("begin 0", "end 0", "begin 1", "end 1", "train end 2"), events);
        assertEquals("enough", trainer.stopReason());
        assertEquals(2, h.epochs());
        assertTrue(h.get("images_per_s")[1] > 0);
    }

    @Test
    void historyPrintsATableAndExportsCsv() throws IOException {
        History h = new History();
        h.add(new java.util.LinkedHashMap<>(java.util.Map.of("loss", 0.5)));
        var e2 = new java.util.LinkedHashMap<String, Double>();
        e2.put("loss", 0.25);
        e2.put("val_accuracy", 0.875);
        h.add(e2);
        assertEquals(List.of("loss", "val_accuracy"), h.keys());
        assertTrue(Double.isNaN(h.get("val_accuracy")[0]));
        assertEquals(1, h.bestEpoch("val_accuracy"));
        assertEquals(1, h.bestEpoch("loss"));
        assertEquals("epoch,loss,val_accuracy\n1,0.5,\n2,0.25,0.875\n", h.toCsv());
        assertEquals("""
                epoch        loss  val_accuracy
                    1      0.5000             -
                    2      0.2500        0.8750""", h.toString());
        h.writeCsv(dir.resolve("h.csv"));
        assertEquals(h.toCsv(), Files.readString(dir.resolve("h.csv")));
        assertThrows(IllegalArgumentException.class, () -> h.get("accuracy"));
    }
}

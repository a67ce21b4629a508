package dev.jnn.cli;

import dev.jnn.data.Dataset;
import dev.jnn.data.KnownDatasets;
import dev.jnn.data.Scaler;
import dev.jnn.data.Splits;
import dev.jnn.data.TensorDataset;
import dev.jnn.io.ModelFile;
import dev.jnn.kernel.Parallel;
import dev.jnn.models.Zoo;
import dev.jnn.nn.Module;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.AdaGrad;
import dev.jnn.optim.Adam;
import dev.jnn.optim.Momentum;
import dev.jnn.optim.Nesterov;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.Regularizer;
import dev.jnn.optim.RmsProp;
import dev.jnn.optim.Sgd;
import dev.jnn.optim.schedule.CosineDecay;
import dev.jnn.tensor.Shape;
import dev.jnn.train.CsvLogger;
import dev.jnn.train.Fit;
import dev.jnn.train.History;
import dev.jnn.train.LearningRateScheduler;
import dev.jnn.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jnn train}: trains a zoo model on a known data set with a progress bar and one line of metrics per epoch,
 * then reports the accuracy on the test split.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model of the zoo on a known data set, then evaluate it on the test split.",
                "Data sets: mnist, fashion-mnist, cifar-10 (own test part), iris, digits (stratified 80/20 split).",
                "Example: jnn train --model lenet5 --dataset fashion-mnist --epochs 5"})
final class TrainCommand implements Callable<Integer> {

    static final List<String> DATASETS = List.of("mnist", "fashion-mnist", "cifar-10", "iris", "digits");
    static final int DEFAULT_BATCH = 64;
    static final int LENET_BATCH = 32;
    static final List<String> NORMALIZATIONS = List.of("channel", "none");
    static final List<String> SCHEDULES = List.of("constant", "cosine");
    static final List<String> OPTIMIZERS = List.of("adam", "sgd", "momentum", "nesterov", "adagrad", "rmsprop");

    @Spec
    private CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME",
            description = "the model (`jnn summary --list` shows them)")
    private String model;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "NAME",
            description = "mnist, fashion-mnist, cifar-10, iris or digits")
    private String dataset;

    @Option(names = {"-e", "--epochs"}, defaultValue = "5", paramLabel = "N",
            description = "passes over the training data (default: ${DEFAULT-VALUE})")
    private int epochs;

    @Option(names = {"-b", "--batch"}, paramLabel = "B",
            description = "examples per step (default: " + LENET_BATCH + " for lenet5, which with --schedule cosine"
                    + " reaches 90 %% on Fashion-MNIST in 10 epochs; " + DEFAULT_BATCH + " otherwise)")
    private Integer batchOption;

    private int batch;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "adam, sgd, momentum, nesterov, adagrad or rmsprop (default: ${DEFAULT-VALUE})")
    private String optimizer;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE",
            description = "learning rate (default: ${DEFAULT-VALUE})")
    private double lr;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "seeds the weights, shuffles and splits (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
    private Integer threads;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where data sets are found or downloaded (default: $JNN_DATA, else ~/.jnn/data)")
    private Path dataDir;

    @Option(names = "--limit", paramLabel = "N",
            description = "train on only N examples (a seeded random subset), for quick runs")
    private Integer limit;

    @Option(names = "--validation-split", defaultValue = "0", paramLabel = "F",
            description = "fraction of the training data held out for validation metrics every epoch, e.g. 0.1"
                    + " (default: ${DEFAULT-VALUE}: train on all of it; the test split is reported at the end)")
    private double validationSplit;

    @Option(names = "--normalize", paramLabel = "MODE",
            description = "channel: (x - mean) / std per channel, statistics from the training data (default for"
                    + " mnist, fashion-mnist, cifar-10); none: as loaded, images in [0, 1] (default for iris, digits)")
    private String normalize;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "NAME",
            description = "learning rate over the run: constant, or cosine (from --lr down to 0 at the last step)"
                    + " (default: ${DEFAULT-VALUE})")
    private String schedule;

    @Option(names = "--augment", paramLabel = "SPEC",
            description = "random transforms of every training example, e.g. shift=2,rotate=10; "
                    + AugmentationSpec.HELP)
    private String augment;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "LAMBDA",
            description = "L2 penalty LAMBDA·Σw² on the weights and kernels, not the biases (Keras' convention:"
                    + " PyTorch's weight_decay W is --l2 W/2; default: ${DEFAULT-VALUE}, none)")
    private double l2;

    @Option(names = "--save", paramLabel = "FILE", description = "save the trained model (.jnn) to FILE")
    private Path save;

    @Option(names = "--log", paramLabel = "FILE", description = "write the metrics of every epoch as CSV to FILE")
    private Path log;

    @Override
    public Integer call() throws IOException {
        batch = batchOption != null ? batchOption : model.equals("lenet5") ? LENET_BATCH : DEFAULT_BATCH;
        check();
        if (threads != null) {
            Parallel.setThreads(threads);
        }
        Zoo.Entry entry = Options.entry(spec, model);
        Optimizer opt = optimizer();
        KnownDatasets known = KnownDatasets.defaults(dataDir);
        Dataset train;
        Dataset test;
        TensorDataset loaded = known.load(dataset, true);
        int classes = loaded.numClasses();
        if (dataset.equals("iris") || dataset.equals("digits")) {
            Splits.Split split = Splits.trainValidation(loaded, 0.2, seed, true);
            train = split.train();
            test = split.validation();
        } else {
            train = loaded;
            test = known.load(dataset, false);
        }
        if (limit != null && limit < train.size()) {
            train = train.subset(sample(train.size(), limit, seed));
        }
        String normalization = normalize != null ? normalize : train.featureShape().rank() >= 3 ? "channel" : "none";
        if (normalization.equals("channel")) {
            Scaler scaler = ChannelStandardization.fit(train);
            train = scaler.apply(train);
            test = scaler.apply(test);
        }
        Shape input = train.featureShape();
        Module net = Options.create(spec, entry, input, classes);
        net.initialize(seed);
        int[] buildShape = new int[input.rank() + 1];
        buildShape[0] = 1;
        System.arraycopy(input.toArray(), 0, buildShape, 1, input.rank());
        net.build(buildShape);

        int validation = (int) Math.round(train.size() * validationSplit);
        System.out.printf(Locale.ROOT, "Training %s (%,d params) on %s %s: %,d train, %,d validation, %,d test;"
                        + " %s lr %s%s, batch %d, normalize %s%s%s, %d threads%n", model, net.parameterCount(), dataset,
                Options.shape(input), train.size() - validation, validation, test.size(), optimizer, lr,
                schedule.equals("constant") ? "" : " " + schedule, batch, normalization, augment == null ? "" : ", augment " + augment, l2 > 0 ? ", l2 " + l2 : "",
                Parallel.threads());
        Fit fit = Fit.epochs(epochs).batchSize(batch).shuffle(seed).validationSplit(validationSplit).verbose(true);
        if (augment != null) {
            fit = fit.augment(augmentation(input));
        }
        if (l2 > 0) {
            fit = fit.regularizer(Regularizer.l2(l2));
        }
        if (schedule.equals("cosine")) {
            long stepsPerEpoch = (train.size() - validation + batch - 1) / batch;
            fit = fit.callbacks(LearningRateScheduler.perStep(new CosineDecay(lr, epochs * stepsPerEpoch)));
        }
        if (log != null) {
            fit = fit.callbacks(new CsvLogger(log));
        }
        Trainer trainer = Trainer.of(net, opt, Loss.crossEntropy());
        long start = System.nanoTime();
        History history = trainer.fit(train, fit);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> result = trainer.evaluate(test, Math.max(batch, 256));
        System.out.printf(Locale.ROOT, "Trained %d epoch%s in %.1f s (%.1f s per epoch)%n", history.epochs(),
                history.epochs() == 1 ? "" : "s", seconds,
                seconds / Math.max(1, history.epochs()));
        if (save != null) {
            ModelFile.save(net, save, Map.of("model", model, "dataset", dataset, "epochs",
                    Integer.toString(history.epochs()), "test_accuracy",
                    String.format(Locale.ROOT, "%.4f", result.get(History.ACCURACY))));
            System.out.println("Saved " + save);
        }
        System.out.printf(Locale.ROOT, "Test loss: %.4f%n", result.get(History.LOSS));
        System.out.printf(Locale.ROOT, "Test accuracy: %.4f (%,d examples)%n", result.get(History.ACCURACY),
                test.size());
        return 0;
    }

    private dev.jnn.data.Transform augmentation(Shape image) {
        if (image.rank() != 3) {
            throw new ParameterException(spec.commandLine(), "--augment needs image data (channels x height x"
                    + " width); " + dataset + " examples have shape " + Options.shape(image));
        }
        try {
            return AugmentationSpec.parse(augment, image.dim(1), image.dim(2));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void check() {
        List<String> errors = new ArrayList<>();
        if (epochs < 1) {
            errors.add("--epochs must be >= 1, got " + epochs);
        }
        if (batch < 1) {
            errors.add("--batch must be >= 1, got " + batch);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            errors.add("--lr must be a positive number, got " + lr);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            errors.add("--l2 must be a finite number >= 0, got " + l2);
        }
        if (threads != null && threads < 1) {
            errors.add("--threads must be >= 1, got " + threads);
        }
        if (limit != null && limit < 2) {
            errors.add("--limit must be >= 2, got " + limit);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            errors.add("--validation-split must be in [0, 1), got " + validationSplit);
        }
        if (normalize != null && !NORMALIZATIONS.contains(normalize)) {
            errors.add("unknown --normalize '" + normalize + "'; known: " + String.join(", ", NORMALIZATIONS));
        }
        if (!SCHEDULES.contains(schedule)) {
            errors.add("unknown --schedule '" + schedule + "'; known: " + String.join(", ", SCHEDULES));
        }
        if (!OPTIMIZERS.contains(optimizer)) {
            errors.add("unknown optimizer '" + optimizer + "'; known: " + String.join(", ", OPTIMIZERS));
        }
        if (!DATASETS.contains(dataset)) {
            errors.add("unknown data set '" + dataset + "'; known: " + String.join(", ", DATASETS));
        }
        if (!errors.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", errors));
        }
    }

    private Optimizer optimizer() {
        return switch (optimizer) {
            case "adam" -> new Adam(lr);
            case "sgd" -> new Sgd(lr);
            case "momentum" -> new Momentum(lr);
            case "nesterov" -> new Nesterov(lr);
            case "adagrad" -> new AdaGrad(lr);
            case "rmsprop" -> new RmsProp(lr);
            default -> throw new IllegalStateException("unreachable: optimizer checked in check()");
        };
    }

    /** {@code k} distinct indices of {@code [0, n)} drawn with {@code seed}, ascending (a partial Fisher-Yates). */
    static int[] sample(int n, int k, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = Arrays.copyOf(idx, k);
        Arrays.sort(out);
        return out;
    }
}

package dev.jnn.train;

import dev.jnn.data.Transform;
import dev.jnn.optim.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How {@link Trainer#fit} trains: an immutable configuration, built fluently from {@link #epochs(int)}; every
 * {@code with}-style method returns a new value.
 *
 * <pre>{@code
 * Fit.epochs(10).batchSize(64).shuffle(42).validationSplit(0.1).clipNorm(1.0).callbacks(new EarlyStopping(3))
 * }</pre>
 *
 * @param epochs          passes over the training data
 * @param batchSize       examples per optimizer step (also the evaluation batch size)
 * @param shuffle         whether to reshuffle the training data every epoch
 * @param seed            seeds the shuffles, the validation split and the augmentation
 * @param validationSplit when no validation set is given, the fraction of the training data held out for
 *                        validation (stratified by class when the data has labels); 0 for none
 * @param callbacks       called in order at each event
 * @param regularizer     L1/L2 penalty on every trainable parameter of rank ≥ 2 (weights and kernels, not biases),
 *                        or null; its value is added to the reported loss
 * @param maxNorm         max-norm constraint applied after each step to the same parameters, or 0 for none
 * @param clipNorm        clip all gradients together to this global L2 norm before each step, or 0 for none
 * @param clipValue       clamp every gradient element into [−clipValue, clipValue], or 0 for none
 * @param augment         transform applied to each training example as it is batched, or null
 * @param verbose         print a {@link ProgressBar} to standard output
 */
public record Fit(int epochs, int batchSize, boolean shuffle, long seed, double validationSplit,
                  List<Callback> callbacks, Regularizer regularizer, double maxNorm, double clipNorm,
                  double clipValue, Transform augment, boolean verbose) {

    public Fit {
        if (epochs < 1) {
            throw new IllegalArgumentException("Fit: epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Fit: batch size must be >= 1, got " + batchSize);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("Fit: validation split must be in [0, 1), got " + validationSplit);
        }
        if (!(maxNorm >= 0) || !(clipNorm >= 0) || !(clipValue >= 0)) {
            throw new IllegalArgumentException("Fit: maxNorm, clipNorm and clipValue must be >= 0 (0 = off), got "
                    + maxNorm + ", " + clipNorm + ", " + clipValue);
        }
        callbacks = List.copyOf(callbacks);
    }

    /**
     * {@code n} epochs with Keras' defaults otherwise: batches of 32, shuffled every epoch (seed 0), no validation
     * split, no callbacks, no regularization, silent.
     */
    public static Fit epochs(int n) {
        return new Fit(n, 32, true, 0, 0, List.of(), null, 0, 0, 0, null, false);
    }

    public Fit withEpochs(int n) {
        return with(d -> d.epochs = n);
    }

    public Fit batchSize(int b) {
        return with(d -> d.batchSize = b);
    }

    /** Shuffles every epoch with a permutation derived from {@code s} and the epoch; {@code s} also seeds splits. */
    public Fit shuffle(long s) {
        return with(d -> {
            d.shuffle = true;
            d.seed = s;
        });
    }

    /** Keeps the data set order (the seed still drives the validation split and augmentation). */
    public Fit noShuffle() {
        return with(d -> d.shuffle = false);
    }

    public Fit validationSplit(double fraction) {
        return with(d -> d.validationSplit = fraction);
    }

    /** Adds callbacks after those already configured. */
    public Fit callbacks(Callback... more) {
        List<Callback> all = new ArrayList<>(callbacks);
        all.addAll(List.of(more));
        return with(d -> d.callbacks = all);
    }

    public Fit regularizer(Regularizer r) {
        return with(d -> d.regularizer = r);
    }

    public Fit maxNorm(double c) {
        return with(d -> d.maxNorm = c);
    }

    public Fit clipNorm(double c) {
        return with(d -> d.clipNorm = c);
    }

    public Fit clipValue(double c) {
        return with(d -> d.clipValue = c);
    }

    public Fit augment(Transform t) {
        return with(d -> d.augment = t);
    }

    /** Prints a progress bar (in place on a terminal, one line per epoch otherwise). */
    public Fit verbose(boolean on) {
        return with(d -> d.verbose = on);
    }

    /** A copy of this configuration with {@code change} applied to a mutable draft of it, validated again. */
    private Fit with(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return new Fit(d.epochs, d.batchSize, d.shuffle, d.seed, d.validationSplit, d.callbacks, d.regularizer,
                d.maxNorm, d.clipNorm, d.clipValue, d.augment, d.verbose);
    }

    /** The record's components as mutable fields: one place that copies them, whichever one a method changes. */
    private static final class Draft {
        int epochs;
        int batchSize;
        boolean shuffle;
        long seed;
        double validationSplit;
        List<Callback> callbacks;
        Regularizer regularizer;
        double maxNorm;
        double clipNorm;
        double clipValue;
        Transform augment;
        boolean verbose;

        Draft(Fit f) {
            epochs = f.epochs;
            batchSize = f.batchSize;
            shuffle = f.shuffle;
            seed = f.seed;
            validationSplit = f.validationSplit;
            callbacks = f.callbacks;
            regularizer = f.regularizer;
            maxNorm = f.maxNorm;
            clipNorm = f.clipNorm;
            clipValue = f.clipValue;
            augment = f.augment;
            verbose = f.verbose;
        }
    }
}

package dev.jnn.train;

import dev.jnn.data.Transform;
import dev.jnn.optim.Regularizer;
import java.util.ArrayList;
import java.util.List;

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
        return new Fit(n, batchSize, shuffle, seed, validationSplit, callbacks, regularizer, maxNorm, clipNorm,
                clipValue, augment, verbose);
    }

    public Fit batchSize(int b) {
        return new Fit(epochs, b, shuffle, seed, validationSplit, callbacks, regularizer, maxNorm, clipNorm,
                clipValue, augment, verbose);
    }

    /** Shuffles every epoch with a permutation derived from {@code s} and the epoch; {@code s} also seeds splits. */
    public Fit shuffle(long s) {
        return new Fit(epochs, batchSize, true, s, validationSplit, callbacks, regularizer, maxNorm, clipNorm,
                clipValue, augment, verbose);
    }

    /** Keeps the data set order (the seed still drives the validation split and augmentation). */
    public Fit noShuffle() {
        return new Fit(epochs, batchSize, false, seed, validationSplit, callbacks, regularizer, maxNorm, clipNorm,
                clipValue, augment, verbose);
    }

    public Fit validationSplit(double fraction) {
        return new Fit(epochs, batchSize, shuffle, seed, fraction, callbacks, regularizer, maxNorm, clipNorm,
                clipValue, augment, verbose);
    }

    /** Adds callbacks after those already configured. */
    public Fit callbacks(Callback... more) {
        List<Callback> all = new ArrayList<>(callbacks);
        all.addAll(List.of(more));
        return new Fit(epochs, batchSize, shuffle, seed, validationSplit, all, regularizer, maxNorm, clipNorm,
                clipValue, augment, verbose);
    }

    public Fit regularizer(Regularizer r) {
        return new Fit(epochs, batchSize, shuffle, seed, validationSplit, callbacks, r, maxNorm, clipNorm,
                clipValue, augment, verbose);
    }

    public Fit maxNorm(double c) {
        return new Fit(epochs, batchSize, shuffle, seed, validationSplit, callbacks, regularizer, c, clipNorm,
                clipValue, augment, verbose);
    }

    public Fit clipNorm(double c) {
        return new Fit(epochs, batchSize, shuffle, seed, validationSplit, callbacks, regularizer, maxNorm, c,
                clipValue, augment, verbose);
    }

    public Fit clipValue(double c) {
        return new Fit(epochs, batchSize, shuffle, seed, validationSplit, callbacks, regularizer, maxNorm, clipNorm,
                c, augment, verbose);
    }

    public Fit augment(Transform t) {
        return new Fit(epochs, batchSize, shuffle, seed, validationSplit, callbacks, regularizer, maxNorm, clipNorm,
                clipValue, t, verbose);
    }

    /** Prints a progress bar (in place on a terminal, one line per epoch otherwise). */
    public Fit verbose(boolean on) {
        return new Fit(epochs, batchSize, shuffle, seed, validationSplit, callbacks, regularizer, maxNorm, clipNorm,
                clipValue, augment, on);
    }
}

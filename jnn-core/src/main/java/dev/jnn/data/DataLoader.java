package dev.jnn.data;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts a data set into mini-batches: optionally shuffled (a fresh permutation every epoch, derived from the seed and
 * the epoch number only), with the last partial batch optionally dropped, augmented per example, and prepared ahead
 * on a background daemon thread (a bounded queue of {@code prefetch} batches).
 *
 * <pre>{@code
 * var loader = DataLoader.of(train, 64).shuffle(42).augment(Transform.horizontalFlip(0.5)).prefetch(2);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     try (var batches = loader.epoch(epoch)) {
 *         while (batches.hasNext()) { Batch b = batches.next(); ... }
 *     }
 * }
 * }</pre>
 * Plain for-each over the loader also works: each {@link #iterator()} call starts the next epoch and closes the
 * previous epoch's iterator, and a prefetch thread whose iterator was abandoned (e.g. after a {@code break}) and
 * garbage-collected ends by itself, so no thread outlives its epoch for long.
 *
 * <p>Configuration is immutable: {@code shuffle}, {@code dropLast}, {@code augment} and {@code prefetch} return a
 * new loader.
 */
public final class DataLoader implements Iterable<Batch> {

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Transform augment;
    private final int prefetch;
    private final AtomicInteger nextEpoch = new AtomicInteger();
    private BatchIterator current;

    private DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast,
            Transform augment, int prefetch) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        if (batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batch size must be >= 1, got " + batchSize);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("DataLoader: prefetch must be >= 0 batches, got " + prefetch);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.augment = augment;
        this.prefetch = prefetch;
    }

    /** Batches of {@code batchSize} in data-set order, keeping the last partial batch, prefetching 2 batches. */
    public static DataLoader of(Dataset dataset, int batchSize) {
        return new DataLoader(dataset, batchSize, false, 0, false, null, 2);
    }

    /** Shuffles every epoch with a permutation derived from {@code seed} and the epoch number. */
    public DataLoader shuffle(long seed) {
        return new DataLoader(dataset, batchSize, true, seed, dropLast, augment, prefetch);
    }

    /** Whether to drop the last batch when it is smaller than the batch size. */
    public DataLoader dropLast(boolean drop) {
        return new DataLoader(dataset, batchSize, shuffle, seed, drop, augment, prefetch);
    }

    /**
     * Applies {@code transform} to every example's features as it is batched; its random numbers come from the
     * loader's seed, the epoch and the example's position, so they do not depend on thread timing.
     */
    public DataLoader augment(Transform transform) {
        return new DataLoader(dataset, batchSize, shuffle, seed, dropLast, transform, prefetch);
    }

    /** Prepares up to {@code batches} batches ahead on a background thread; 0 builds batches on the caller. */
    public DataLoader prefetch(int batches) {
        return new DataLoader(dataset, batchSize, shuffle, seed, dropLast, augment, batches);
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Number of batches one epoch yields. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch}; close the iterator when leaving early (try-with-resources). */
    public BatchIterator epoch(int epoch) {
        int[] order = order(epoch);
        BatchBuilder builder = new BatchBuilder(dataset, augment, seed, epoch);
        return new BatchIterator(builder, order, batchSize, batchesPerEpoch(), prefetch, epoch);
    }

    /** Starts the next epoch (0, 1, 2, ...), closing the iterator of the previous one if still open. */
    @Override
    public synchronized BatchIterator iterator() {
        if (current != null) {
            current.close();
        }
        current = epoch(nextEpoch.getAndIncrement());
        return current;
    }

    /** The example order of an epoch: identity, or a Fisher-Yates permutation seeded by (seed, epoch). */
    int[] order(int epoch) {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(mix(seed, epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** A well-spread 64-bit seed from a base seed and a counter (SplitMix64 finalizer). */
    static long mix(long seed, long counter) {
        long z = seed + 0x9E3779B97F4A7C15L * (counter + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

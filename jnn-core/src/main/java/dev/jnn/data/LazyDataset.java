package dev.jnn.data;

import dev.jnn.tensor.Shape;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A data set whose examples are produced on demand by a function (e.g. decoded from disk, or generated), so that
 * nothing but the current batches is held in memory. The function must be thread-safe and return examples whose
 * features have {@code featureShape}.
 */
public final class LazyDataset implements Dataset {

    private final int size;
    private final Shape featureShape;
    private final Shape targetShape;
    private final boolean hasLabels;
    private final IntFunction<Example> producer;

    public LazyDataset(int size, Shape featureShape, Shape targetShape, boolean hasLabels,
            IntFunction<Example> producer) {
        if (size < 0) {
            throw new IllegalArgumentException("LazyDataset: size must be >= 0, got " + size);
        }
        this.size = size;
        this.featureShape = Objects.requireNonNull(featureShape, "featureShape");
        this.targetShape = targetShape;
        this.hasLabels = hasLabels;
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    /** A lazily produced classification data set. */
    public static LazyDataset classified(int size, Shape featureShape, IntFunction<Example> producer) {
        return new LazyDataset(size, featureShape, null, true, producer);
    }

    @Override public int size() {
        return size;
    }

    @Override public Example get(int index) {
        Objects.checkIndex(index, size);
        Example e = producer.apply(index);
        if (!e.x().shape().equals(featureShape)) {
            throw new IllegalStateException("LazyDataset: example " + index + " has features of shape "
                    + e.x().shape() + " but the data set declares " + featureShape);
        }
        return e;
    }

    @Override public Shape featureShape() {
        return featureShape;
    }

    @Override public Shape targetShape() {
        return targetShape;
    }

    @Override public boolean hasLabels() {
        return hasLabels;
    }
}

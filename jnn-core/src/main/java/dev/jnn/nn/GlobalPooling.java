package dev.jnn.nn;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * Pools each whole map to one number: {@code [N, C, H, W] → [N, C]} (2-D) or {@code [N, C, L] → [N, C]} (1-D), as
 * Keras' {@code GlobalAveragePooling2D} does; the result feeds a {@link Dense} layer without a Flatten. (PyTorch's
 * {@code AdaptiveAvgPool2d(1)} keeps {@code [N, C, 1, 1]}; the parameter counts are the same.) No parameters.
 */
public abstract sealed class GlobalPooling extends Module implements ShapeInference
        permits GlobalAvgPool2d, GlobalMaxPool2d, GlobalAvgPool1d, GlobalMaxPool1d {

    private final boolean max;
    private final int spatialAxes;

    GlobalPooling(boolean max, int spatialAxes) {
        this.max = max;
        this.spatialAxes = spatialAxes;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 + spatialAxes) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected "
                    + (spatialAxes == 2 ? "[N, C, H, W]" : "[N, C, L]"));
        }
        int[] axes = spatialAxes == 2 ? new int[] {2, 3} : new int[] {2};
        return max ? x.max(false, axes) : x.mean(false, axes);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 1 + spatialAxes) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + in + ": expected "
                    + (spatialAxes == 2 ? "[C, H, W]" : "[C, L]"));
        }
        return Shape.of(in.dim(0));
    }

    @Override
    public long macs(Shape in) {
        return 0;
    }

    @Override
    public String describe() {
        return getClass().getSimpleName() + "()";
    }
}

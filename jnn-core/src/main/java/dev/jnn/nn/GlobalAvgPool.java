package dev.jnn.nn;

import dev.jnn.tensor.Tensor;

/**
 * The mean over every spatial axis: {@code [N, C, H, W] → [N, C]} (or {@code [N, C, L] → [N, C]}), the head of
 * ResNet and GoogLeNet. No parameters.
 */
public final class GlobalAvgPool extends Module {

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 3) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape()
                    + ": expected [N, C, ...] with at least one spatial axis");
        }
        int[] axes = new int[x.rank() - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        return x.mean(false, axes);
    }

    @Override
    public String describe() {
        return "GlobalAvgPool()";
    }
}

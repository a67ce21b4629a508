package dev.jnn.nn;

/** Global avg pooling, {@code [N, C, H, W] → [N, C]}; see {@link GlobalPooling}. */
public final class GlobalAvgPool2d extends GlobalPooling {

    public GlobalAvgPool2d() {
        super(false, 2);
    }
}

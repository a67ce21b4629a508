package dev.jnn.nn;

/** Global max pooling, {@code [N, C, H, W] → [N, C]}; see {@link GlobalPooling}. */
public final class GlobalMaxPool2d extends GlobalPooling {

    public GlobalMaxPool2d() {
        super(true, 2);
    }
}

package dev.jnn.nn;

/** Global avg pooling, {@code [N, C, L] → [N, C]}; see {@link GlobalPooling}. */
public final class GlobalAvgPool1d extends GlobalPooling {

    public GlobalAvgPool1d() {
        super(false, 1);
    }
}

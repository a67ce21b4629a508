package dev.jnn.nn;

/** Global max pooling, {@code [N, C, L] → [N, C]}; see {@link GlobalPooling}. */
public final class GlobalMaxPool1d extends GlobalPooling {

    public GlobalMaxPool1d() {
        super(true, 1);
    }
}

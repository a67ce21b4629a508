package dev.jnn.autograd;

import java.util.function.Supplier;

/**
 * A scope, per thread, in which operations are not recorded on the tape (evaluation, optimizer updates).
 * <pre>{@code
 * try (var g = NoGrad.enter()) { prediction = model.forward(x); }
 * Tensor y = NoGrad.run(() -> model.forward(x));
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private boolean closed;

    private NoGrad() {}

    /** Turns recording off on this thread until {@link #close()}. Scopes nest. */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** Runs {@code body} with recording off and returns its result. */
    public static <T> T run(Supplier<T> body) {
        try (NoGrad g = enter()) {
            return body.get();
        }
    }

    /** Whether operations on this thread are being recorded now. */
    public static boolean isRecording() {
        return DEPTH.get()[0] == 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}

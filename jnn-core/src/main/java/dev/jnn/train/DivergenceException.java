package dev.jnn.train;

/**
 * Training produced a non-finite loss or gradient. The message says where (epoch, batch), which parameter's gradient
 * blew up first in forward order, and what to try (a lower learning rate, gradient clipping).
 */
public final class DivergenceException extends IllegalStateException {

    private final int epoch;
    private final int batch;
    private final String parameter;

    public DivergenceException(String message, int epoch, int batch, String parameter) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
        this.parameter = parameter;
    }

    /** The epoch (from 0) of the failing step. */
    public int epoch() {
        return epoch;
    }

    /** The batch (from 0) of the failing step. */
    public int batch() {
        return batch;
    }

    /** The name of the first parameter (in forward order) whose gradient blew up, or null when none did. */
    public String parameter() {
        return parameter;
    }
}

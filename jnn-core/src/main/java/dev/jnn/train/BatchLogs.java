package dev.jnn.train;

/**
 * Progress within an epoch, given to {@link Callback#onBatchEnd} after each step.
 *
 * @param epoch    the epoch, from 0
 * @param epochs   the number of epochs of this fit
 * @param batch    the batch just trained, from 0
 * @param batches  batches per epoch
 * @param loss     mean training loss over the epoch's examples so far (penalty included)
 * @param accuracy training accuracy over the epoch so far, or NaN when the task has no class labels
 * @param examples examples trained on this epoch so far
 * @param seconds  seconds since the epoch began
 */
public record BatchLogs(int epoch, int epochs, int batch, int batches, double loss, double accuracy, long examples,
                        double seconds) {

    /** Training throughput of the epoch so far. */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}

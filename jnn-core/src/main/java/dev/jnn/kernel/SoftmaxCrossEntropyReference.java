package dev.jnn.kernel;

/** Plain double-precision loops computing what {@link SoftmaxCrossEntropy} computes, for its tests. */
public final class SoftmaxCrossEntropyReference {

    private SoftmaxCrossEntropyReference() {}

    /** Softmax rows into {@code probs} and {@code −log softmax(x)[r][labels[r]]} into {@code rowLoss}. */
    public static void forward(float[] x, int xOff, int rows, int cols, int[] labels, float[] probs,
                               float[] rowLoss) {
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[xOff + r * cols + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(x[xOff + r * cols + c] - max);
            }
            for (int c = 0; c < cols; c++) {
                probs[r * cols + c] = (float) (Math.exp(x[xOff + r * cols + c] - max) / sum);
            }
            rowLoss[r] = (float) -(x[xOff + r * cols + labels[r]] - max - Math.log(sum));
        }
    }

    /** {@code grad = (probs − onehot(labels))·scale}. */
    public static void backward(float[] probs, int rows, int cols, int[] labels, float scale, float[] grad) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                grad[r * cols + c] = (probs[r * cols + c] - (c == labels[r] ? 1f : 0f)) * scale;
            }
        }
    }
}

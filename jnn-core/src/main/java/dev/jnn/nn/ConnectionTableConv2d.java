package dev.jnn.nn;

import dev.jnn.autograd.ops.ConvOps;
import dev.jnn.nn.init.Fans;
import dev.jnn.nn.init.Initializer;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;

/**
 * A convolution in which each output map sees only a listed subset of the input maps, as LeNet-5's layer C3 (LeCun
 * et al. 1998, Table I): "to keep the number of connections within reasonable bounds" and "to force a break of
 * symmetry". Stride 1, no padding (the paper's layers), square kernel.
 *
 * <p>Equivalent to a full {@link Conv2d} whose weight {@code [out, in, k, k]} is multiplied by a fixed 0/1 mask, but
 * only the kernels of real connections are parameters, so the parameter count is the paper's: {@code weight}
 * {@code [connections, k, k]} (one kernel per table entry, in output-major order) and {@code bias} {@code [out]}; C3
 * has 60 connections, 60·25 + 16 = 1,516 parameters. The forward pass scatters the kernels into the masked full
 * weight with one product by a constant 0/1 matrix (so the gradient flows back to the real kernels only) and runs
 * the ordinary convolution. Default initializer: Glorot uniform with the table's mean fans,
 * {@code fanIn = connections·k²/out}, {@code fanOut = connections·k²/in}; bias zeros.
 */
public final class ConnectionTableConv2d extends Module implements ShapeInference {

    private final int in;
    private final int out;
    private final int k;
    private final int[][] inputsOf;
    private final int connections;
    private final Tensor scatter;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param in       input maps
     * @param inputsOf for each output map, the input maps it sees (0-based)
     * @param kernel   square kernel size
     */
    public ConnectionTableConv2d(int in, int[][] inputsOf, int kernel) {
        if (in < 1 || kernel < 1 || inputsOf == null || inputsOf.length == 0) {
            throw new IllegalArgumentException("ConnectionTableConv2d: need in >= 1, kernel >= 1 and a non-empty table");
        }
        this.in = in;
        this.out = inputsOf.length;
        this.k = kernel;
        this.inputsOf = new int[out][];
        int count = 0;
        for (int o = 0; o < out; o++) {
            int[] row = inputsOf[o].clone();
            if (row.length == 0 || Arrays.stream(row).anyMatch(i -> i < 0 || i >= in)
                    || Arrays.stream(row).distinct().count() != row.length) {
                throw new IllegalArgumentException("ConnectionTableConv2d: output map " + o + " lists inputs "
                        + Arrays.toString(row) + "; each needs distinct input maps in [0, " + in + ")");
            }
            this.inputsOf[o] = row;
            count += row.length;
        }
        this.connections = count;
        float[] s = new float[out * in * connections];
        int j = 0;
        for (int o = 0; o < out; o++) {
            for (int i : this.inputsOf[o]) {
                s[(o * in + i) * connections + j++] = 1f;
            }
        }
        this.scatter = Tensor.of(s, out * in, connections);
        Fans fans = new Fans(Math.max(1, connections * k * k / out), Math.max(1, connections * k * k / in));
        Initializer init = (w, off, n, ignored, rng) -> Initializer.glorotUniform().fill(w, off, n, fans, rng);
        this.weight = addParameter(new Parameter("weight", init, connections, k, k));
        this.bias = addParameter(new Parameter("bias", Initializer.zeros(), out));
    }

    /** LeNet-5's C3 table (6 input maps → 16 output maps, 60 connections), Table I of the paper. */
    public static int[][] lenet5C3Table() {
        return new int[][] {
            {0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {0, 4, 5}, {0, 1, 5},
            {0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {0, 3, 4, 5}, {0, 1, 4, 5}, {0, 1, 2, 5},
            {0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5},
            {0, 1, 2, 3, 4, 5}};
    }

    public int connections() {
        return connections;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /** The masked full weight {@code [out, in, k, k]} (differentiable in the real kernels). */
    public Tensor fullWeight() {
        return scatter.matmul(weight.tensor().reshape(connections, k * k)).reshape(out, in, k, k);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != in) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected [N, " + in
                    + ", H, W]");
        }
        return ConvOps.conv2d(x, fullWeight(), bias.tensor(), 1, 0, 1, 1);
    }

    @Override
    public Shape outputShape(Shape s) {
        if (s.rank() != 3 || s.dim(0) != in || s.dim(1) < k || s.dim(2) < k) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + s + ": expected [" + in
                    + ", H >= " + k + ", W >= " + k + "]");
        }
        return Shape.of(out, s.dim(1) - k + 1, s.dim(2) - k + 1);
    }

    @Override
    public long macs(Shape s) {
        Shape o = outputShape(s);
        return (long) o.dim(1) * o.dim(2) * connections * k * k;
    }

    @Override
    public String describe() {
        return "ConnectionTableConv2d(" + in + "→" + out + ", " + k + "x" + k + ", " + connections + " connections)";
    }
}

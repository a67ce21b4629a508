package dev.jnn.nn;

import dev.jnn.autograd.ops.NormalizationOps;
import dev.jnn.nn.init.Initializer;
import dev.jnn.tensor.Tensor;
import java.util.Map;

/**
 * Batch normalization (Ioffe and Szegedy 2015) over the channel axis 1 of {@code [N, C, ...]}; see {@link
 * BatchNorm1d} and {@link BatchNorm2d} for the accepted shapes.
 *
 * <pre>
 *   training:   y = γ · (x − μ_B) / √(σ²_B + ε) + β     μ_B, σ²_B: mean and biased variance per channel over the batch
 *               running_mean ← (1 − m)·running_mean + m·μ_B
 *               running_var  ← (1 − m)·running_var  + m·σ²_B·n/(n − 1)     (unbiased, n values per channel)
 *   evaluation: y = γ · (x − running_mean) / √(running_var + ε) + β
 * </pre>
 * as PyTorch does, with momentum m = 0.1 and ε = 1e-5 by default. Parameters {@code weight} γ {@code [C]}, default
 * initializer <b>ones</b>, and {@code bias} β {@code [C]}, <b>zeros</b>; buffers {@code running_mean} (zeros) and
 * {@code running_var} (ones), reset by {@link Module#initialize(long)}. The number of channels may be left out
 * ({@code new BatchNorm2d()}) and is then read from the first input.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {

    private int channels;
    private float momentum = 0.1f;
    private float eps = 1e-5f;
    private Parameter gamma;
    private Parameter beta;
    private Tensor runningMean;
    private Tensor runningVar;

    BatchNorm(int channels) {
        if (channels < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": channels must be >= 1, got " + channels);
        }
        if (channels > 0) {
            create(channels);
        }
    }

    private void create(int c) {
        channels = c;
        gamma = addParameter(new Parameter("weight", Initializer.constant(1), c));
        beta = addParameter(new Parameter("bias", Initializer.zeros(), c));
        runningMean = addBuffer("running_mean", Tensor.of(new float[c], c));
        runningVar = addBuffer("running_var", Tensor.of(new float[c], c).fill(1f));
    }

    /** Sets the running-average momentum m (PyTorch's convention: weight of the new batch). Returns this. */
    public BatchNorm momentum(double m) {
        if (!(m >= 0 && m <= 1)) {
            throw new IllegalArgumentException(describe() + ": momentum must be in [0, 1], got " + m);
        }
        momentum = (float) m;
        return this;
    }

    /** Sets ε, added to the variance. Returns this. */
    public BatchNorm eps(double e) {
        if (!(e > 0)) {
            throw new IllegalArgumentException(describe() + ": eps must be > 0, got " + e);
        }
        eps = (float) e;
        return this;
    }

    /** Whether {@code rank} is an input rank this layer accepts. */
    abstract boolean acceptsRank(int rank);

    /** The accepted input layouts, for messages, e.g. {@code "[N, C, H, W]"}. */
    abstract String layouts();

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public boolean isBuilt() {
        return gamma != null;
    }

    @Override
    protected void buildFromState(Map<String, Tensor> own) {
        Tensor w = own.get("weight");
        if (w == null || w.rank() != 1) {
            throw new IllegalArgumentException(describe() + ": cannot build from the saved state: expected a 'weight'"
                    + " of shape [C], got " + (w == null ? "none" : w.shape()));
        }
        create(w.dim(0));
    }

    @Override
    protected void onInitialize() {
        if (runningMean != null) {
            runningMean.fill(0f);
            runningVar.fill(1f);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        check(x);
        // One fused op (statistics, normalization, running averages; a two-pass backward) instead of a dozen
        // broadcast elementwise ops, each a full pass over the activations forward and backward.
        return NormalizationOps.batchNorm(x, gamma.tensor(), beta.tensor(), runningMean, runningVar, isTraining(),
                momentum, eps);
    }

    /**
     * {@code relu(forward(x) + addend)} (no addend when null) as one fused op, the same values bit for bit: what
     * {@link Sequential} runs for this layer followed by a ReLU, and {@link Residual} for a body ending in batch
     * norm followed by a ReLU.
     */
    public Tensor forwardRelu(Tensor x, Tensor addend) {
        check(x);
        return NormalizationOps.batchNormRelu(x, gamma.tensor(), beta.tensor(), runningMean, runningVar,
                isTraining(), momentum, eps, addend);
    }

    private void check(Tensor x) {
        if (!acceptsRank(x.rank())) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected " + layouts());
        }
        if (gamma == null) {
            create(x.dim(1));
        }
        if (x.dim(1) != channels) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + " with " + x.dim(1)
                    + " channels on axis 1; expected " + channels);
        }
        if (isTraining() && x.size() / channels < 2) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + " in training mode: batch"
                    + " statistics need more than one value per channel; use a larger batch or eval()");
        }
    }

    @Override
    public String describe() {
        return getClass().getSimpleName() + "(" + (channels == 0 ? "?" : Integer.toString(channels))
                + (momentum != 0.1f ? ", momentum=" + momentum : "") + (eps != 1e-5f ? ", eps=" + eps : "") + ")";
    }
}

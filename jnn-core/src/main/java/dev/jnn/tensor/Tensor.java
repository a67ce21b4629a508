package dev.jnn.tensor;

import dev.jnn.autograd.Graph;
import dev.jnn.autograd.Node;
import dev.jnn.autograd.ops.ConvOps;
import dev.jnn.autograd.ops.ElementwiseOps;
import dev.jnn.autograd.ops.MatmulOps;
import dev.jnn.autograd.ops.PoolOps;
import dev.jnn.autograd.ops.ReductionOps;
import dev.jnn.autograd.ops.ShapeOps;
import dev.jnn.autograd.ops.SoftmaxOps;
import dev.jnn.kernel.BinaryOp;
import dev.jnn.kernel.UnaryOp;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional array of float32 values: a view (shape, strides, offset) over a heap {@code float[]}, that can
 * record the operations applied to it so that {@link #backward()} computes gradients.
 *
 * <p>Several tensors may share one array: views such as reshape, transpose and slice never copy. Operations follow
 * NumPy broadcasting. The fluent methods delegate to the differentiable operations of {@code dev.jnn.autograd.ops};
 * each records a node on the tape when an input {@link #requiresGrad()} and no {@link dev.jnn.autograd.NoGrad}
 * scope is open.
 */
public final class Tensor {

    private final float[] data;
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    private boolean requiresGrad;
    private Tensor grad;
    /** zeroGrad() was called and the accumulator's array still holds the old values (see {@link #zeroGrad()}). */
    private boolean gradCleared;
    private Node gradFn;

    Tensor(float[] data, Shape shape, int[] strides, int offset) {
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---------------------------------------------------------------- creation

    /** Wraps {@code data} (not copied) as a contiguous tensor of the given shape. */
    public static Tensor of(float[] data, int... dims) {
        Shape shape = Shape.of(dims);
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values cannot fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        return new Tensor(data, shape, shape.contiguousStrides(), 0);
    }

    /** A matrix copied from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("Tensor.of: row " + r + " has " + rows[r].length
                        + " values but row 0 has " + cols + "; rows must have equal length");
            }
            System.arraycopy(rows[r], 0, d, r * cols, cols);
        }
        return of(d, rows.length, cols);
    }

    /** A rank-3 tensor copied from nested arrays of equal lengths. */
    public static Tensor of(float[][][] blocks) {
        Tensor[] parts = new Tensor[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            parts[i] = of(blocks[i]);
        }
        return stack(0, parts);
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /**
     * A contiguous tensor whose contents are unspecified (when a {@link Workspace} is open the array may be a
     * recycled one); for operations that overwrite every element.
     */
    public static Tensor empty(Shape shape) {
        return new Tensor(Workspace.allocate(shape.size(), false), shape, shape.contiguousStrides(), 0);
    }

    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    public static Tensor zeros(Shape shape) {
        return new Tensor(Workspace.allocate(shape.size(), true), shape, shape.contiguousStrides(), 0);
    }

    public static Tensor ones(int... dims) {
        return full(1f, dims);
    }

    public static Tensor full(float value, int... dims) {
        Tensor t = empty(Shape.of(dims));
        Arrays.fill(t.data, value);
        return t;
    }

    /** {@code [0, 1, …, n-1]}. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** {@code start, start+step, …} below {@code end} (above it for a negative step). */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || Float.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / (double) step));
        Tensor t = empty(Shape.of(n));
        for (int i = 0; i < n; i++) {
            t.data[i] = (float) (start + (double) i * step);
        }
        return t;
    }

    /** Standard normal samples from a generator seeded with {@code seed}. */
    public static Tensor randn(long seed, int... dims) {
        return randn(new SplittableRandom(seed), dims);
    }

    /** Standard normal samples drawn from {@code rng}. */
    public static Tensor randn(RandomGenerator rng, int... dims) {
        Tensor t = empty(Shape.of(dims));
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) rng.nextGaussian();
        }
        return t;
    }

    /** Uniform samples in {@code [0, 1)} from a generator seeded with {@code seed}. */
    public static Tensor rand(long seed, int... dims) {
        return uniform(new SplittableRandom(seed), 0f, 1f, dims);
    }

    /** Uniform samples in {@code [low, high)} drawn from {@code rng}. */
    public static Tensor uniform(RandomGenerator rng, float low, float high, int... dims) {
        Tensor t = empty(Shape.of(dims));
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = low + (high - low) * rng.nextFloat();
        }
        return t;
    }

    /**
     * A view over {@code data} with explicit strides and offset (for operation authors); fails when the view reaches
     * outside the array.
     */
    public static Tensor strided(float[] data, Shape shape, int[] strides, int offset) {
        if (strides.length != shape.rank()) {
            throw new IllegalArgumentException("Tensor.strided: " + strides.length + " strides for shape " + shape);
        }
        long lo = offset;
        long hi = offset;
        for (int i = 0; i < strides.length; i++) {
            long span = (long) (shape.dim(i) - 1) * strides[i];
            if (shape.dim(i) == 0) {
                return new Tensor(data, shape, strides.clone(), offset);
            }
            if (span < 0) {
                lo += span;
            } else {
                hi += span;
            }
        }
        if (lo < 0 || hi >= data.length) {
            throw new IllegalArgumentException("Tensor.strided: shape " + shape + " with strides "
                    + Arrays.toString(strides) + " at offset " + offset + " reaches outside an array of " + data.length);
        }
        return new Tensor(data, shape, strides.clone(), offset);
    }

    // ---------------------------------------------------------------- basic accessors

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** Dimension {@code axis}; negative counts from the end. */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** True when the elements lie in row-major order without gaps, starting at {@link #offset()}. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            int d = shape.dim(i);
            if (d != 1 && strides[i] != expected) {
                return false;
            }
            expected *= d;
        }
        return true;
    }

    /** The backing array (shared, not copied); read it with {@link #offset()} and {@link #strides()}. */
    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** The strides without copying, for this package's loops (never modified). */
    int[] stridesView() {
        return strides;
    }

    /** The element at the given indices. */
    public float get(int... index) {
        return data[flatIndex(index)];
    }

    /** Sets the element at the given indices (writes through to every view of the same array). */
    public void set(float value, int... index) {
        data[flatIndex(index)] = value;
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the tensor has shape " + shape);
        }
        int flat = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape " + shape);
            }
            flat += index[i] * strides[i];
        }
        return flat;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (shape.size() != 1) {
            throw new IllegalStateException("item: tensor of shape " + shape + " has " + shape.size()
                    + " elements; item() needs exactly one (reduce first, e.g. sum() or mean())");
        }
        return data[offset];
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        float[] out = new float[shape.size()];
        Strided.copy(this, new Tensor(out, shape, shape.contiguousStrides(), 0));
        return out;
    }

    // ---------------------------------------------------------------- copies and in-place updates (no gradient)

    /** This tensor if contiguous, else a contiguous copy (differentiable). */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A contiguous copy (differentiable). */
    public Tensor copy() {
        return ShapeOps.copy(this);
    }

    /** Sets every element to {@code value}, in place (not recorded for gradients). */
    public Tensor fill(float value) {
        Strided.copy(scalar(value), this);
        return this;
    }

    /** Copies {@code src} (broadcast to this shape) into this tensor, in place (not recorded for gradients). */
    public Tensor copyFrom(Tensor src) {
        Strided.copy(src, this);
        return this;
    }

    /** {@code this += alpha · other} in place, {@code other} broadcast to this shape (not recorded). */
    public Tensor addInPlace(Tensor other, float alpha) {
        if (alpha == 1f) {
            Strided.binary("addInPlace", BinaryOp.ADD, this, other, checkInPlaceTarget("addInPlace"));
        } else {
            Tensor scaled = ElementwiseOps.apply(BinaryOp.MUL, other.detach(), scalar(alpha));
            Strided.binary("addInPlace", BinaryOp.ADD, this, scaled, checkInPlaceTarget("addInPlace"));
        }
        return this;
    }

    /** {@code this *= factor} in place (not recorded). */
    public Tensor mulInPlace(float factor) {
        Strided.binary("mulInPlace", BinaryOp.MUL, this, scalar(factor), checkInPlaceTarget("mulInPlace"));
        return this;
    }

    private Tensor checkInPlaceTarget(String op) {
        if (!isContiguous()) {
            throw new IllegalStateException(op + ": needs a contiguous tensor, got shape " + shape + " with strides "
                    + Arrays.toString(strides) + "; call contiguous() first");
        }
        return this;
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as a parameter whose gradient {@link #backward()} accumulates in {@link #grad()}. */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: only leaves can change it; this tensor is the output of "
                    + gradFn.name() + " (use detach() for a leaf copy of it)");
        }
        this.requiresGrad = on;
        return this;
    }

    /** True for tensors not produced by a recorded operation (inputs and parameters). */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient of a leaf, or null before the first backward pass. */
    public Tensor grad() {
        if (gradCleared) {
            gradCleared = false;
            Arrays.fill(grad.data, 0f);
        }
        return grad;
    }

    /**
     * Sets the accumulated gradient to zero, keeping its array (so steady-state steps allocate nothing). Lazily: the
     * array is cleared when next read through {@link #grad()}, or simply overwritten by the next backward pass, so a
     * training step does not sweep every gradient once to clear it and again to fill it.
     */
    public void zeroGrad() {
        if (grad != null) {
            gradCleared = true;
        }
    }

    /**
     * For {@link Graph}: the gradient accumulator when it is logically zero since {@link #zeroGrad()} but its array
     * was not cleared; the caller must then overwrite every element. Null otherwise. Either way the tensor no longer
     * counts as cleared.
     */
    public Tensor gradToOverwrite() {
        if (!gradCleared) {
            return null;
        }
        gradCleared = false;
        return grad;
    }

    /** The recorded operation that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** A tensor sharing this data, cut off the tape: a leaf that does not require gradients. */
    public Tensor detach() {
        return new Tensor(data, shape, strides, offset);
    }

    /** Back-propagates from this scalar: every leaf that requires gradients accumulates d(this)/d(leaf). */
    public void backward() {
        if (shape.size() != 1) {
            throw new IllegalStateException("backward: needs a scalar (one element) but the shape is " + shape
                    + "; reduce it first (sum() or mean()) or pass the output gradient to backward(Tensor)");
        }
        Graph.backward(this, ones(shape.toArray()));
    }

    /** Back-propagates with an explicit gradient of some scalar with respect to this tensor. */
    public void backward(Tensor gradOutput) {
        Graph.backward(this, gradOutput);
    }

    /** For {@link Graph}: attaches the node recording how this tensor was made. */
    public void setGradFn(Node node) {
        if (gradFn != null || requiresGrad && node != null) {
            throw new IllegalStateException("setGradFn: tensor already on the tape; each op makes a new tensor");
        }
        this.gradFn = node;
        this.requiresGrad = node != null;
    }

    /** For {@link Graph}: sets the accumulated gradient of a leaf. */
    public void setGrad(Tensor g) {
        this.grad = g;
        this.gradCleared = false;
    }

    // ---------------------------------------------------------------- views (no copy)

    /** Same data in a new shape; one dimension may be -1 (inferred). Copies only when the strides forbid a view. */
    public Tensor reshape(int... dims) {
        return ShapeOps.reshape(this, dims, true);
    }

    /** Like {@link #reshape} but never copies: fails when this tensor's strides cannot express the new shape. */
    public Tensor view(int... dims) {
        return ShapeOps.reshape(this, dims, false);
    }

    /** Collapses all axes into one. */
    public Tensor flatten() {
        return reshape(-1);
    }

    public Tensor transpose(int axis0, int axis1) {
        return ShapeOps.transpose(this, axis0, axis1);
    }

    /** The transpose of a matrix (swaps the last two axes). */
    public Tensor t() {
        return transpose(-2, -1);
    }

    public Tensor permute(int... order) {
        return ShapeOps.permute(this, order);
    }

    /** Elements {@code start, start+step, …} below {@code end} along {@code axis} (negative bounds count from the end). */
    public Tensor slice(int axis, int start, int end, int step) {
        return ShapeOps.slice(this, axis, start, end, step);
    }

    /** {@code length} elements from {@code start} along {@code axis}. */
    public Tensor narrow(int axis, int start, int length) {
        return ShapeOps.slice(this, axis, start, start + length, 1);
    }

    /** Removes every axis of size 1. */
    public Tensor squeeze() {
        return ShapeOps.squeeze(this);
    }

    /** Removes {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        return ShapeOps.squeeze(this, axis);
    }

    /** Inserts an axis of size 1 at {@code axis} (which may equal the rank, or be negative). */
    public Tensor unsqueeze(int axis) {
        return ShapeOps.unsqueeze(this, axis);
    }

    /** Broadcasts to a larger shape without copying (stride 0 along stretched axes); -1 keeps a dimension. */
    public Tensor expand(int... dims) {
        return ShapeOps.expand(this, dims);
    }

    public Tensor broadcastTo(Shape target) {
        return ShapeOps.expand(this, target.toArray());
    }

    /** Concatenates along an existing axis. */
    public static Tensor concat(int axis, Tensor... parts) {
        return ShapeOps.concat(axis, parts);
    }

    /** Stacks equal shapes along a new axis. */
    public static Tensor stack(int axis, Tensor... parts) {
        return ShapeOps.stack(axis, parts);
    }

    // ---------------------------------------------------------------- elementwise arithmetic (broadcasting)

    public Tensor add(Tensor o) { return ElementwiseOps.add(this, o); }
    public Tensor sub(Tensor o) { return ElementwiseOps.sub(this, o); }
    public Tensor mul(Tensor o) { return ElementwiseOps.mul(this, o); }
    public Tensor div(Tensor o) { return ElementwiseOps.div(this, o); }
    public Tensor pow(Tensor o) { return ElementwiseOps.pow(this, o); }
    /** Elementwise maximum of two tensors. */
    public Tensor maximum(Tensor o) { return ElementwiseOps.maximum(this, o); }
    public Tensor minimum(Tensor o) { return ElementwiseOps.minimum(this, o); }
    public Tensor add(float s) { return ElementwiseOps.addScalar(this, s); }
    public Tensor sub(float s) { return ElementwiseOps.addScalar(this, -s); }
    public Tensor mul(float s) { return ElementwiseOps.mulScalar(this, s); }
    public Tensor div(float s) { return ElementwiseOps.mulScalar(this, 1f / s); }
    public Tensor pow(float p) { return ElementwiseOps.powScalar(this, p); }
    public Tensor maximum(float s) { return ElementwiseOps.maximum(this, scalar(s)); }
    public Tensor minimum(float s) { return ElementwiseOps.minimum(this, scalar(s)); }
    public Tensor neg() { return ElementwiseOps.unary(UnaryOp.NEG, this); }
    public Tensor exp() { return ElementwiseOps.unary(UnaryOp.EXP, this); }
    public Tensor log() { return ElementwiseOps.unary(UnaryOp.LOG, this); }
    public Tensor sqrt() { return ElementwiseOps.unary(UnaryOp.SQRT, this); }
    public Tensor abs() { return ElementwiseOps.unary(UnaryOp.ABS, this); }
    public Tensor square() { return ElementwiseOps.unary(UnaryOp.SQUARE, this); }
    public Tensor relu() { return ElementwiseOps.unary(UnaryOp.RELU, this); }
    public Tensor sigmoid() { return ElementwiseOps.unary(UnaryOp.SIGMOID, this); }
    public Tensor tanh() { return ElementwiseOps.unary(UnaryOp.TANH, this); }

    /** 1 where {@code this > o}, else 0; masks carry no gradient. */
    public Tensor gt(Tensor o) { return ElementwiseOps.compare(BinaryOp.GT, this, o); }
    public Tensor ge(Tensor o) { return ElementwiseOps.compare(BinaryOp.GE, this, o); }
    public Tensor lt(Tensor o) { return ElementwiseOps.compare(BinaryOp.LT, this, o); }
    public Tensor le(Tensor o) { return ElementwiseOps.compare(BinaryOp.LE, this, o); }
    public Tensor eq(Tensor o) { return ElementwiseOps.compare(BinaryOp.EQ, this, o); }
    public Tensor ne(Tensor o) { return ElementwiseOps.compare(BinaryOp.NE, this, o); }
    public Tensor gt(float s) { return gt(scalar(s)); }
    public Tensor ge(float s) { return ge(scalar(s)); }
    public Tensor lt(float s) { return lt(scalar(s)); }
    public Tensor le(float s) { return le(scalar(s)); }
    public Tensor eq(float s) { return eq(scalar(s)); }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (a scalar). */
    public Tensor sum() { return ReductionOps.sum(this, false); }
    /** Sum over {@code axes} (all axes when none given); {@code keepDims} keeps them with size 1. */
    public Tensor sum(boolean keepDims, int... axes) { return ReductionOps.sum(this, keepDims, axes); }
    public Tensor mean() { return ReductionOps.mean(this, false); }
    public Tensor mean(boolean keepDims, int... axes) { return ReductionOps.mean(this, keepDims, axes); }
    public Tensor max() { return ReductionOps.max(this, false); }
    public Tensor max(boolean keepDims, int... axes) { return ReductionOps.max(this, keepDims, axes); }
    public Tensor min() { return ReductionOps.min(this, false); }
    public Tensor min(boolean keepDims, int... axes) { return ReductionOps.min(this, keepDims, axes); }
    /** Index of the largest element along {@code axis} (first one on ties), as float values; no gradient. */
    public Tensor argmax(int axis, boolean keepDims) { return ReductionOps.argmax(this, axis, keepDims); }

    /**
     * Variance over {@code axes} (all when none), two-pass: {@code Σ(x − mean)² / (n − correction)}. Use
     * correction 1 for the unbiased sample variance, 0 for the population variance (batch normalization).
     */
    public Tensor variance(int correction, boolean keepDims, int... axes) {
        return ReductionOps.variance(this, correction, keepDims, axes);
    }

    // ---------------------------------------------------------------- linear algebra and softmax

    /** Matrix product; rank ≥ 3 operands are batches whose leading axes broadcast; rank 1 is a vector. */
    public Tensor matmul(Tensor o) { return MatmulOps.matmul(this, o); }

    public Tensor softmax(int axis) { return SoftmaxOps.softmax(this, axis); }

    public Tensor logSoftmax(int axis) { return SoftmaxOps.logSoftmax(this, axis); }

    /** Mean softmax cross-entropy of logits {@code [N, C]} against class labels in {@code [0, C)}. */
    public Tensor crossEntropy(int[] labels) { return SoftmaxOps.crossEntropy(this, labels); }

    // ---------------------------------------------------------------- convolution and pooling (full forms in ConvOps, PoolOps)

    /** 2-D convolution of {@code [N, C, H, W]} with weight {@code [O, C/groups, kH, kW]}; bias {@code [O]} or null. */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return ConvOps.conv2d(this, weight, bias, stride, padding, dilation, groups);
    }

    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        return ConvOps.conv2d(this, weight, bias, stride, padding, 1, 1);
    }

    /** 1-D convolution of {@code [N, C, L]} with weight {@code [O, C/groups, k]}; bias {@code [O]} or null. */
    public Tensor conv1d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return ConvOps.conv1d(this, weight, bias, stride, padding, dilation, groups);
    }

    public Tensor maxPool2d(int kernel, int stride, int padding) {
        return PoolOps.maxPool2d(this, kernel, stride, padding);
    }

    /** Average pooling; padded positions count in the divisor (PyTorch's default). */
    public Tensor avgPool2d(int kernel, int stride, int padding) {
        return PoolOps.avgPool2d(this, kernel, stride, padding, true);
    }

    // ---------------------------------------------------------------- printing

    /** NumPy-style: nested brackets, aligned columns, "..." for long axes, then the shape. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}

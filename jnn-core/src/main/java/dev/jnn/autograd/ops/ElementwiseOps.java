package dev.jnn.autograd.ops;

import static dev.jnn.autograd.ops.Raw.sumTo;

import dev.jnn.autograd.Graph;
import dev.jnn.kernel.BinaryOp;
import dev.jnn.kernel.Elementwise;
import dev.jnn.kernel.UnaryOp;
import dev.jnn.tensor.Broadcast;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Strided;
import dev.jnn.tensor.Tensor;
import java.util.Locale;

/**
 * Broadcasting arithmetic and elementwise functions, each forward next to its backward rule. Gradients of a
 * broadcast input are summed back to its shape.
 */
public final class ElementwiseOps {

    private static final String[] BINARY_NAMES = names(BinaryOp.values());
    private static final String[] UNARY_NAMES = names(UnaryOp.values());

    private ElementwiseOps() {}

    private static String[] names(Enum<?>[] values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].name().toLowerCase(Locale.ROOT);
        }
        return out;
    }

    /** {@code a op b} with broadcasting, not recorded. */
    public static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        String name = BINARY_NAMES[op.ordinal()];
        Shape s = Broadcast.shape(name, a.shape(), b.shape());
        Tensor y = Tensor.empty(s);
        Strided.binary(name, op, a, b, y);
        return y;
    }

    /** {@code op(x)}, not recorded. */
    public static Tensor apply(UnaryOp op, Tensor x) {
        Tensor y;
        if (x.isContiguous()) {
            y = Tensor.empty(x.shape());
            Elementwise.unary(op, x.data(), x.offset(), y.data(), 0, x.size());
        } else {
            y = Raw.contiguous(x); // a fresh copy, transformed in place
            Elementwise.unary(op, y.data(), 0, y.data(), 0, x.size());
        }
        return y;
    }

    /** {@code x op s}, not recorded; a strided {@code x} is read in place. */
    private static Tensor applyScalar(BinaryOp op, Tensor x, float s) {
        Tensor y = Tensor.empty(x.shape());
        if (x.isContiguous()) {
            Elementwise.binaryScalar(op, x.data(), x.offset(), s, y.data(), 0, x.size());
        } else {
            Strided.binary(BINARY_NAMES[op.ordinal()], op, x, Tensor.scalar(s), y);
        }
        return y;
    }

    /** For rules that read no values, only shapes: addition and subtraction. */
    private static final Tensor[] NONE = {};

    public static Tensor add(Tensor a, Tensor b) {
        Tensor y = apply(BinaryOp.ADD, a, b);
        return Graph.recordSaving(y, "add", g -> new Tensor[] {sumTo(g, a.shape()), sumTo(g, b.shape())}, NONE, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor y = apply(BinaryOp.SUB, a, b);
        return Graph.recordSaving(y, "sub", g -> new Tensor[] {
            sumTo(g, a.shape()), b.requiresGrad() ? sumTo(g.neg(), b.shape()) : null}, NONE, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor y = apply(BinaryOp.MUL, a, b);
        return Graph.record(y, "mul", g -> new Tensor[] {
            a.requiresGrad() ? sumTo(g.mul(b), a.shape()) : null,
            b.requiresGrad() ? sumTo(g.mul(a), b.shape()) : null}, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        Tensor y = apply(BinaryOp.DIV, a, b);
        return Graph.record(y, "div", g -> new Tensor[] {
            a.requiresGrad() ? sumTo(g.div(b), a.shape()) : null,
            b.requiresGrad() ? sumTo(g.mul(y).div(b).neg(), b.shape()) : null}, a, b);
    }

    /** {@code a^b}; the gradient for {@code b} uses {@code log a}, so it needs {@code a > 0}. */
    public static Tensor pow(Tensor a, Tensor b) {
        Tensor y = apply(BinaryOp.POW, a, b);
        return Graph.record(y, "pow", g -> new Tensor[] {
            a.requiresGrad() ? sumTo(g.mul(b).mul(a.pow(b.sub(1f))), a.shape()) : null,
            b.requiresGrad() ? sumTo(g.mul(y).mul(a.log()), b.shape()) : null}, a, b);
    }

    /** Elementwise maximum; on ties each input gets half the gradient. */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor y = apply(BinaryOp.MAX, a, b);
        return Graph.record(y, "maximum", g -> tieSplit(g, a, b, BinaryOp.GT), a, b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor y = apply(BinaryOp.MIN, a, b);
        return Graph.record(y, "minimum", g -> tieSplit(g, a, b, BinaryOp.LT), a, b);
    }

    private static Tensor[] tieSplit(Tensor g, Tensor a, Tensor b, BinaryOp wins) {
        Tensor maskA = apply(wins, a, b).add(apply(BinaryOp.EQ, a, b).mul(0.5f));
        return new Tensor[] {
            a.requiresGrad() ? sumTo(g.mul(maskA), a.shape()) : null,
            b.requiresGrad() ? sumTo(g.mul(maskA.neg().add(1f)), b.shape()) : null};
    }

    public static Tensor addScalar(Tensor x, float s) {
        Tensor y = applyScalar(BinaryOp.ADD, x, s);
        return Graph.record(y, "add", g -> new Tensor[] {g}, x);
    }

    public static Tensor mulScalar(Tensor x, float s) {
        Tensor y = applyScalar(BinaryOp.MUL, x, s);
        return Graph.record(y, "mul", g -> new Tensor[] {g.mul(s)}, x);
    }

    public static Tensor powScalar(Tensor x, float p) {
        Tensor y = p == 2f ? apply(UnaryOp.SQUARE, x) : apply(BinaryOp.POW, x, Tensor.scalar(p));
        return Graph.record(y, "pow", g -> new Tensor[] {g.mul(x.pow(p - 1f)).mul(p)}, x);
    }

    /** A comparison mask (1 or 0); never recorded, as masks have no useful gradient. */
    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        if (!op.isComparison()) {
            throw new IllegalArgumentException("compare: " + op + " is not a comparison");
        }
        return apply(op, a, b);
    }

    public static Tensor unary(UnaryOp op, Tensor x) {
        Tensor y = apply(op, x);
        String name = UNARY_NAMES[op.ordinal()];
        return Graph.record(y, name, g -> new Tensor[] {unaryGrad(op, g, x, y)}, x);
    }

    /** {@code g·op'(x)} from the saved output {@code y} (fresh and contiguous) in one kernel pass. */
    private static Tensor gradFromOutput(UnaryOp op, Tensor g, Tensor y) {
        Tensor gd = Raw.contiguous(g);
        Tensor out = Tensor.empty(y.shape());
        Elementwise.gradFromOutput(op, gd.data(), gd.offset(), y.data(), y.offset(), out.data(), 0, y.size());
        return out;
    }

    private static Tensor unaryGrad(UnaryOp op, Tensor g, Tensor x, Tensor y) {
        return switch (op) {
            case IDENTITY -> g;
            case NEG -> g.neg();
            case EXP, TANH, SIGMOID -> gradFromOutput(op, g, y);
            case LOG -> g.div(x);
            case SQRT -> g.div(y).mul(0.5f);
            case ABS -> g.mul(x.gt(0f).sub(x.lt(0f)));
            case SQUARE -> g.mul(x).mul(2f);
            case RECIPROCAL -> g.mul(y.square()).neg();
            case RELU -> g.mul(x.gt(0f));
        };
    }
}

package dev.jnn.kernel;

/** Elementwise unary operations, including the activations fused kernels accept. */
public enum UnaryOp {
    IDENTITY, NEG, EXP, LOG, SQRT, ABS, SQUARE, RECIPROCAL, TANH, SIGMOID, RELU;

    /** This operation on one value, in double precision: the definition every kernel is tested against. */
    public float apply(float x) {
        return switch (this) {
            case IDENTITY -> x;
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case RELU -> x > 0f ? x : 0f;
        };
    }

    /** Whether {@link #gradFromOutput} is defined: the derivative is a function of the output. */
    public boolean hasGradFromOutput() {
        return this == TANH || this == SIGMOID || this == EXP;
    }

    /**
     * {@code g · op'(x)} written with the output {@code y = op(x)}: {@code g·(1 − y²)} for tanh, {@code g·y·(1 − y)}
     * for sigmoid, {@code g·y} for exp; the definition {@link Elementwise#gradFromOutput} is tested against.
     */
    public float gradFromOutput(float g, float y) {
        return switch (this) {
            case TANH -> g * (1f - y * y);
            case SIGMOID -> g * (y * (1f - y));
            case EXP -> g * y;
            default -> throw new IllegalArgumentException(this + ": the derivative is not a function of the output");
        };
    }
}

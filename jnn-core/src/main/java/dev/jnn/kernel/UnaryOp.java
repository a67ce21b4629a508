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
}

package dev.jnn.optim;

/** A test parameter: whole arrays, or slices at an offset to check that offsets are honored. */
record Param(String name, float[] values, int valuesOffset, float[] grads, int gradsOffset, int[] dims,
             boolean trainable) implements Trainable {

    static Param of(String name, float... values) {
        return new Param(name, values, 0, new float[values.length], 0, new int[] {values.length}, true);
    }

    static Param shaped(String name, float[] values, int... dims) {
        return new Param(name, values, 0, new float[values.length], 0, dims, true);
    }

    Param frozen() {
        return new Param(name, values, valuesOffset, grads, gradsOffset, dims, false);
    }

    @Override
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    float value(int i) {
        return values[valuesOffset + i];
    }

    void setGrads(float... g) {
        System.arraycopy(g, 0, grads, gradsOffset, g.length);
    }
}

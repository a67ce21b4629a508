package dev.jnn.kernel;

/**
 * Per-thread scratch arrays for the convolution kernels, grown on demand and then reused, so that a steady-state
 * call allocates nothing. Each purpose has its own slot because the calling thread also works as a pool thread.
 */
final class ConvScratch {

    static final int PACKED_WEIGHT = 0;
    static final int PANEL = 1;
    static final int COLUMNS = 2;
    static final int FLIPPED_WEIGHT = 3;
    static final int ROWS = 4;
    private static final int SLOTS = 5;

    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private ConvScratch() {}

    /** An array of at least {@code size} floats for {@code slot} on this thread; its contents are undefined. */
    static float[] get(int slot, int size) {
        float[][] arrays = ARRAYS.get();
        if (arrays[slot].length < size) {
            arrays[slot] = new float[size];
        }
        return arrays[slot];
    }
}

package dev.jnn.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which runs of C's units of work {@link Gemm}'s threads claim: one shared counter of the units handed out so far,
 * advanced by compare-and-set, so that whichever thread is free takes the next run.
 */
final class GemmRunLedger {

    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(int[].class);

    /** The counter, alone in the middle of 128 bytes so that no other data shares its cache line. */
    private final int[] counts = new int[32];
    private static final int AT = 16;

    /** Clears the counter; call before the parallel loop starts (starting it publishes the reset). */
    void reset() {
        COUNT.setRelease(counts, AT, 0);
    }

    /**
     * Claims the next run of units of C's work for the caller, or returns -1 when all {@code units} are claimed.
     * With several threads a claim holds about 1/(2·parts) of the units still unclaimed, at most {@code maxUnits}
     * (the private packing block) and at least one: large runs while there is plenty left, single units at the end,
     * so the threads finish together. (With fixed units of 2 or 3 tiles, 256×784×300's 19 column tiles in 8 units,
     * the thread that drew the larger ones kept working 15-20 % of the product's time while the other waited.) A run
     * of at least {@code align} units starts and ends on a multiple of {@code align}: {@link GemmBlocked} counts two
     * units per tile, the halves of its rows or columns, and only the last claims take a half. Which thread claims
     * which run never changes a result.
     *
     * @return the run as {@link #runStart} and {@link #runEnd} of one long, or -1
     */
    long claimRun(int units, int parts, int maxUnits, int align) {
        while (true) {
            int start = (int) COUNT.getAcquire(counts, AT);
            if (start >= units) {
                return -1;
            }
            int left = units - start;
            // One thread: near-equal runs of at most maxUnits, the largest reuse of each packed panel.
            int size = parts == 1 ? GemmPacking.ceilDiv(left, GemmPacking.ceilDiv(left, maxUnits))
                    : Math.max(1, Math.min(maxUnits, left / (2 * parts)));
            if (size >= align) {
                size -= size % align; // sizes only shrink, so once a claim is below align all later ones are too
            }
            if (COUNT.compareAndSet(counts, AT, start, start + size)) {
                return (long) start << 32 | (start + size);
            }
        }
    }

    /** First unit of a run returned by {@link #claimRun}. */
    static int runStart(long run) {
        return (int) (run >>> 32);
    }

    /** One past the last unit of a run returned by {@link #claimRun}. */
    static int runEnd(long run) {
        return (int) run;
    }
}

package dev.jnn.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Who packs which micro-panel of the operand that {@link Gemm}'s threads share, one depth block at a time.
 *
 * <p>Every thread that reaches a depth block first claims unpacked panels of it one by one and packs them, then
 * waits until all of the block's panels are packed. So the threads split the packing between them, and whichever
 * thread arrives first simply packs more. Waiting can never hang: a panel is only waited for after some thread has
 * claimed it, and a thread that claimed a panel is running the code that packs it. In particular, when the pool is
 * busy and the chunks run one after another on a single thread, that thread packs every panel itself.
 *
 * <p>Per block two counters share one cache line of their own: panels claimed and panels packed. The release of
 * the packed counter publishes the panel's floats to the thread that acquires it.
 */
final class GemmPanelLedger {

    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(int[].class);
    /** Ints per block: the claimed counter, the packed counter, and padding to 64 bytes. */
    private static final int STRIDE = 16;
    private static final int PACKED = 1;

    private int[] counts = new int[0];

    /**
     * Clears the tile counter and the counters of {@code blocks} depth blocks; call before the parallel loop starts
     * (starting it publishes them).
     */
    void reset(int blocks) {
        int size = (blocks + 1) * STRIDE;
        if (counts.length < size) {
            counts = new int[size];
        } else {
            Arrays.fill(counts, 0, size, 0);
        }
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
            int start = (int) COUNT.getAcquire(counts, 0);
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
            if (COUNT.compareAndSet(counts, 0, start, start + size)) {
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

    /** The next unclaimed panel of {@code block}, now owned by the caller, or -1 when all are claimed. */
    int claim(int block, int panels) {
        return claimNext((block + 1) * STRIDE, panels);
    }

    private int claimNext(int at, int limit) {
        if ((int) COUNT.getAcquire(counts, at) >= limit) {
            return -1; // a plain read first, so that late threads do not keep bumping a shared line
        }
        int next = (int) COUNT.getAndAdd(counts, at, 1);
        return next < limit ? next : -1;
    }

    /** Records that the caller finished packing one panel of {@code block} it had claimed. */
    void packed(int block) {
        COUNT.getAndAdd(counts, (block + 1) * STRIDE + PACKED, 1);
    }

    /** Returns once all {@code panels} panels of {@code block} are packed. */
    void awaitPacked(int block, int panels) {
        int at = (block + 1) * STRIDE + PACKED;
        for (int spins = 1; (int) COUNT.getAcquire(counts, at) < panels; spins++) {
            // The packer may have been preempted on this shared machine: let it have the core now and then.
            if ((spins & 255) == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}

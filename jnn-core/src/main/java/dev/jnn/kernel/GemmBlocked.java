package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.MR;
import static dev.jnn.kernel.GemmMicroKernel.NR;

/**
 * The blocked product behind {@link Gemm}, on one thread or several: how C is cut into units of work, how the
 * operand every unit needs is packed by each thread for itself, and the loops over packed blocks around
 * {@link GemmMicroKernel}. {@link Gemm} checks the arguments and picks the split and the thread count.
 */
final class GemmBlocked {

    /**
     * Most depth in one packed block. Each block re-reads and re-writes C, so deeper blocks write C less often; the
     * row units and B sweeps below shrink with the depth so that their packed blocks still fit L2. 1024 against 512,
     * measured as interleaved pairs on two threads: GEMM 2048² 1.017-1.028×, 1024² 1.036×, 256×784×300 1.088×,
     * 64×784×300 1.071× (784 is now one block, not two of 392), ResNet's 64-channel 8×8 convolutions 1.06-1.07×
     * ({@link Conv2dImplicit} shares this depth; 576 is now one block), 64-channel 32×32 level. (512 against 256
     * gave 1.02-1.15× the same way.) Depths are cut into near-equal blocks: 2048 into two of 1024.
     */
    static final int KC = 1024;
    /**
     * Most rows of op(A) in one unit of work of a row split, packed privately by the thread that claims it; fewer
     * for deep blocks ({@link #rowUnit}).
     */
    static final int MC = 192;
    /** Most columns of op(B) in one unit of work of a column split, packed privately. */
    static final int NC = 256;
    /** Most columns of packed B swept by each A micro-panel in turn; fewer for deep blocks ({@link #sweepColumns}). */
    static final int NB = 256;
    /**
     * Floats of one row unit's packed op(A) (384 KB) and of the B block it sweeps (512 KB): together they stay in the
     * 1 MB L2 of Zen 5, with room for the C tiles passing through. Depth 1024 with 192 rows and 256 columns (1.25 MB)
     * instead measured slower than depth 512.
     */
    private static final int A_BLOCK_FLOATS = 96 * 1024;
    private static final int B_BLOCK_FLOATS = 128 * 1024;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private GemmBlocked() {}

    /** The arguments of one product, passed as one value to the per-thread code. */
    record Product(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc, Epilogue epilogue) {
        int kBlocks() {
            return GemmPacking.ceilDiv(k, KC);
        }

        /** First depth index of depth block {@code kb}: equal blocks (1000 = 2×500, not 512 + 488; 2048 = 4×512). */
        int depthStart(int kb) {
            return Parallel.chunkStart(k, kBlocks(), kb);
        }

        /** The depth of the deepest block (blocks differ by at most one). */
        int kcMax() {
            return GemmPacking.ceilDiv(k, kBlocks());
        }

        /** The epilogue to run on the tiles of depth block {@code kb}: only the last block's, when there is one. */
        Epilogue epilogueAfter(int kb) {
            return kb == kBlocks() - 1 ? epilogue : null;
        }
    }

    /**
     * {@code C = act(C + bias)} (act IDENTITY or RELU, {@code bias} may be null) run on each tile of C right after its
     * last depth block wrote it, while it is still in L1: {@link Gemm#linear}.
     */
    record Epilogue(float[] bias, int biasOff, boolean relu) {
        /** Applies to the {@code rows×cols} tile at {@code c[ci]}, whose first column is column {@code col} of C. */
        void apply(float[] c, int ci, int ldc, int rows, int cols, int col) {
            for (int r = 0; r < rows; r++) {
                LinearEpilogue.forwardRow(relu, c, ci + r * ldc, bias, biasOff + col, cols);
            }
        }
    }

    /**
     * How much of the operand all runs need (op(B) in a row split, op(A) in a column split) each thread packs at
     * once, in floats: {@code slabMax} over the whole depth, which cuts that operand into slabs of rows or columns
     * (each slab makes the threads pack the other operand once more), and {@code groupMax} for one group of depth
     * blocks, which cuts each slab's depth into groups run one after another (each group re-reads and re-writes C).
     * {@link #DEFAULT} holds the measured limits; tests pass small ones to reach every path on small products.
     */
    record Limits(int slabMax, int groupMax) {
        /**
         * 16 MB over the whole depth (all of a 2048×2048 op(B)), 4 MB per depth group. Without groups, GEMM 2048²
         * packed 16 MB of op(B) per thread and every row unit streamed it from memory: the first A micro-panel to
         * sweep a B block ran at a third of the speed of the others. In groups of 4 MB, two threads' copies stay in
         * L3: 1.055-1.076× on two threads and 1.037× on one (median of interleaved pairs, measured with depth blocks
         * of 256); 8 MB groups gave 1.038× and 2 MB groups (one block of 256 each, so C is re-read eight times) 1.022×
         * on one thread. A group holds whole depth blocks, so with blocks of 1024 a 2048-column group is one block of
         * 8 MB, packed once for both threads.
         */
        static final Limits DEFAULT = new Limits(1 << 22, 1 << 20);
    }

    /**
     * Per-thread buffers, grown on demand and then reused, so steady-state calls allocate nothing: the private
     * packing buffers of this thread's share, and, for products this thread starts, the operand all threads share.
     */
    private static final class Workspace {
        float[] packedA = new float[0];
        float[] packedB = new float[0];
        float[] whole = new float[0];
        final GemmRunLedger ledger = new GemmRunLedger();
        final float[] edge = new float[MR * NR];

        float[] packedA(int size) {
            if (packedA.length < size) {
                packedA = new float[size];
            }
            return packedA;
        }

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }

        float[] whole(int size) {
            if (whole.length < size) {
                whole = new float[size];
            }
            return whole;
        }
    }


    /**
     * Rows of C split over {@code parts} threads, each of which multiplies its rows by all of op(B): a slab of its
     * columns at a time, and within a slab a group of depth blocks at a time, one parallel loop per group.
     */
    static void splitRows(Product pr, int parts, int rowTiles, Limits limits) {
        GemmRunLedger ledger = WORKSPACE.get().ledger;
        forSlabGroups(pr, true, parts, limits, ledger,
                (js, ns, kb0, kb1, shared) -> rowUnits(pr, rowTiles, parts, js, ns, kb0, kb1, shared, ledger));
    }

    /**
     * Columns of C split over {@code parts} threads, each with all of op(A), a slab of its rows and a group of depth
     * blocks at a time.
     */
    static void splitColumns(Product pr, int parts, int colTiles, Limits limits) {
        GemmRunLedger ledger = WORKSPACE.get().ledger;
        forSlabGroups(pr, false, parts, limits, ledger,
                (is, ms, kb0, kb1, shared) -> columnUnits(pr, colTiles, parts, is, ms, kb0, kb1, shared, ledger));
    }

    /** One thread's share of a group: {@link #rowUnits} or {@link #columnUnits} with the split's other arguments. */
    private interface GroupWork {
        void run(int start, int extent, int kb0, int kb1, float[] shared);
    }

    /**
     * The loops both splits share: slabs of the shared operand (columns of op(B) in a row split, rows of op(A) in a
     * column split), within each slab groups of depth blocks, and for each group one parallel loop of
     * {@code work} over {@code parts} threads, after packing the group for all of them when it is shared.
     */
    private static void forSlabGroups(Product pr, boolean rowSplit, int parts, Limits limits, GemmRunLedger ledger,
                                      GroupWork work) {
        int total = rowSplit ? pr.n() : pr.m();
        int slab = slabSize(total, pr.k(), rowSplit ? NR : MR, limits.slabMax());
        for (int start = 0; start < total; start += slab) {
            int s0 = start;
            int extent = Math.min(slab, total - start);
            int groups = depthGroups(pr, extent, limits.groupMax());
            for (int g = 0; g < groups; g++) {
                int kb0 = Parallel.chunkStart(pr.kBlocks(), groups, g);
                int kb1 = Parallel.chunkStart(pr.kBlocks(), groups, g + 1);
                float[] shared = groups > 1 && parts > 1
                        ? packShared(pr, rowSplit, s0, extent, kb0, kb1, parts) : null;
                ledger.reset();
                if (parts == 1) {
                    work.run(s0, extent, kb0, kb1, shared);
                } else {
                    Parallel.forChunks(parts, part -> work.run(s0, extent, kb0, kb1, shared));
                }
            }
        }
    }

    /**
     * How many groups of whole depth blocks a slab of {@code extent} rows or columns of the shared operand is cut
     * into: enough that each group's packed part, {@code depth × extent} floats, stays within {@code groupMax}.
     */
    private static int depthGroups(Product pr, int extent, int groupMax) {
        long floats = (long) pr.k() * extent;
        return (int) Math.min(pr.kBlocks(), Math.max(1, (floats + groupMax - 1) / groupMax));
    }

    /**
     * Packs depth blocks {@code [kb0, kb1)} of a slab of the shared operand once for all threads, each packing a
     * share of its columns (op(B), {@code rowSplit}) or rows (op(A)), into the buffer of the thread that started the
     * product, and returns it. Used for depth groups only: the threads' private copies of a group then no longer fit
     * L3 together (GEMM 2048² 1.007-1.08× in three runs against private groups), whereas a product whose private
     * copies do fit loses to the other core's reads of freshly packed panels (1024² 0.97×).
     */
    private static float[] packShared(Product pr, boolean rowSplit, int start, int extent, int kb0, int kb1,
                                      int parts) {
        int unit = rowSplit ? NR : MR;
        int tiles = GemmPacking.ceilDiv(extent, unit);
        float[] shared = WORKSPACE.get().whole(pr.k() * tiles * unit);
        Parallel.forChunks(parts, part -> {
            int from = Parallel.chunkStart(tiles, parts, part) * unit;
            int to = Math.min(Parallel.chunkStart(tiles, parts, part + 1) * unit, extent);
            for (int kb = kb0; kb < kb1 && from < to; kb++) {
                if (rowSplit) {
                    packBBlock(pr, kb, start, extent, from, to, shared);
                } else {
                    packABlock(pr, kb, start, extent, from, to, shared);
                }
            }
        });
        return shared;
    }

    /** Rows of op(A) per row unit for depth blocks of {@code kc}: at most {@link #MC}, a multiple of MR. */
    static int rowUnit(int kc) {
        return Math.max(MR, Math.min(MC, A_BLOCK_FLOATS / kc / MR * MR));
    }

    /** Columns of B each A micro-panel sweeps in turn at depth {@code kc}: at most {@link #NB}, a multiple of NR. */
    static int sweepColumns(int kc) {
        return Math.max(NR, Math.min(NB, B_BLOCK_FLOATS / kc / NR * NR));
    }

    /** How many rows or columns (a multiple of {@code unit}) of the whole operand, of depth k, are packed at once. */
    private static int slabSize(int extent, int k, int unit, int slabMax) {
        int units = Math.max(1, slabMax / (k * unit));
        int slabs = GemmPacking.ceilDiv(GemmPacking.ceilDiv(extent, unit), units);
        return evenBlock(extent, GemmPacking.ceilDiv(extent, slabs), unit);
    }

    /**
     * One thread's work on a slab of columns {@code [js, js+ns)} and its depth blocks {@code [kb0, kb1)}: row units
     * of C, each multiplied depth block by depth block, with that part of op(B) either {@code shared} (packed by
     * {@link #packShared}) or, when null, this thread's own copy, packed block by block before its first use. The
     * depth blocking depends on k alone, the groups run in order and every unit runs its depth blocks in order, so
     * every element of C sums its products in the same order whatever the thread count.
     *
     * <p>Without depth groups each thread packs the whole slab for itself rather than once for all threads: on the
     * 2-core Zen 5 this is measured on, a core reads floats that the other core has just written at about 32 GB/s,
     * against 90-100 GB/s for its own, and packing privately made 256×784×300 1.28×, 64×784×300 1.29× and
     * 256×300×100 1.17× faster on two threads, at the cost of packing that operand once per thread.
     *
     * <p>Units are whole within a group (all its depth blocks), so a unit's C block stays in cache between its depth
     * blocks and no two threads ever touch the same part of C. (Depth blocks in the outer loop, as single-threaded
     * GotoBLAS does, measured no faster on one thread for 64×576×1024, 32×288×1024, 256×784×300 or 600×300×600; for
     * an operand too big for L3 they are what {@link Limits#groupMax} does.)
     */
    private static void rowUnits(Product pr, int tiles, int parts, int js, int ns, int kb0, int kb1, float[] shared,
                                 GemmRunLedger ledger) {
        Workspace ws = WORKSPACE.get();
        int maxTiles = Math.min(tiles, rowUnit(pr.kcMax()) / MR);
        float[] pa = ws.packedA(GemmPacking.aSize(maxTiles * MR, pr.kcMax()));
        int colTiles = GemmPacking.ceilDiv(ns, NR);
        float[] wholeB = shared != null ? shared : ws.whole(pr.k() * colTiles * NR);
        int packedBlocks = shared != null ? kb1 : kb0;
        int halves = halves(parts, colTiles);
        for (long run; (run = ledger.claimRun(tiles * halves, parts, maxTiles * halves, halves)) >= 0; ) {
            int g0 = GemmRunLedger.runStart(run), g1 = GemmRunLedger.runEnd(run);
            int ic = g0 / halves * MR;
            int mc = Math.min(GemmPacking.ceilDiv(g1, halves) * MR, pr.m()) - ic;
            int j0 = halfStart(g0, g1, halves, colTiles, 0) * NR;
            int j1 = Math.min(halfStart(g0, g1, halves, colTiles, 1) * NR, ns);
            for (int kb = kb0; kb < kb1; kb++) {
                if (kb == packedBlocks) { // the first run packs the blocks in order, the later ones reuse them
                    packBBlock(pr, kb, js, ns, 0, ns, wholeB);
                    packedBlocks++;
                }
                rowUnitBlock(pr, ic, mc, kb, js, ns, j0, j1, wholeB, pa, ws.edge);
            }
        }
    }

    /**
     * Packs columns {@code [from, to)} (from a multiple of NR) of depth block {@code kb} of the slab
     * {@code [js, js+ns)} of op(B), at their place in {@code wholeB}.
     */
    private static void packBBlock(Product pr, int kb, int js, int ns, int from, int to, float[] wholeB) {
        int pc = pr.depthStart(kb);
        int kc = pr.depthStart(kb + 1) - pc;
        GemmPacking.packB(pr.transB(), pr.b(), pr.bOff(), pr.ldb(), pc, kc, js + from, to - from, wholeB,
                pc * GemmPacking.ceilDiv(ns, NR) * NR + from * kc);
    }

    /**
     * How many units a tile of the split dimension counts for: with several threads, two (the halves of the other
     * dimension), so that the last claims can take half a tile and the threads finish within half a tile of each
     * other (a single tile of 256×784×300 is 3 % of the product).
     */
    private static int halves(int parts, int otherTiles) {
        return parts > 1 && otherTiles >= 2 ? 2 : 1;
    }

    /**
     * The tile of the other dimension where a run's part starts ({@code end} 0) or ends ({@code end} 1): all of it
     * for a run of whole tiles, one half for a run of one half tile.
     */
    private static int halfStart(int g0, int g1, int halves, int otherTiles, int end) {
        if (g1 - g0 >= halves) {
            return end == 0 ? 0 : otherTiles;
        }
        return Parallel.chunkStart(otherTiles, halves, g0 % halves + end);
    }

    /**
     * Rows {@code [ic, ic+mc)} times depth block {@code kb} of the packed op(B), columns {@code [j0, j1)} of the
     * slab: packs that op(A), multiplies.
     */
    private static void rowUnitBlock(Product pr, int ic, int mc, int kb, int js, int ns, int j0, int j1,
                                     float[] wholeB, float[] pa, float[] edge) {
        int pc = pr.depthStart(kb);
        int kc = pr.depthStart(kb + 1) - pc;
        GemmPacking.packA(pr.transA(), pr.a(), pr.aOff(), pr.lda(), ic, mc, pc, kc, pa, 0);
        macroTile(kc, mc, j1 - j0, pa, 0, wholeB, pc * GemmPacking.ceilDiv(ns, NR) * NR + j0 * kc, pr.alpha(),
                kb == 0 ? pr.beta() : 1f, pr.c(), pr.cOff() + ic * pr.ldc() + js + j0, pr.ldc(), edge,
                pr.epilogueAfter(kb), js + j0);
    }

    /**
     * One thread's work on a slab of rows {@code [is, is+ms)} and depth blocks {@code [kb0, kb1)}: {@link #rowUnits}
     * mirrored.
     */
    private static void columnUnits(Product pr, int tiles, int parts, int is, int ms, int kb0, int kb1,
                                    float[] shared, GemmRunLedger ledger) {
        Workspace ws = WORKSPACE.get();
        int maxTiles = Math.min(tiles, NC / NR);
        float[] pb = ws.packedB(GemmPacking.bSize(pr.kcMax(), maxTiles * NR));
        int rowTiles = GemmPacking.ceilDiv(ms, MR);
        float[] wholeA = shared != null ? shared : ws.whole(pr.k() * rowTiles * MR);
        int packedBlocks = shared != null ? kb1 : kb0;
        int halves = halves(parts, rowTiles);
        for (long run; (run = ledger.claimRun(tiles * halves, parts, maxTiles * halves, halves)) >= 0; ) {
            int g0 = GemmRunLedger.runStart(run), g1 = GemmRunLedger.runEnd(run);
            int jc = g0 / halves * NR;
            int nc = Math.min(GemmPacking.ceilDiv(g1, halves) * NR, pr.n()) - jc;
            int i0 = halfStart(g0, g1, halves, rowTiles, 0) * MR;
            int i1 = Math.min(halfStart(g0, g1, halves, rowTiles, 1) * MR, ms);
            for (int kb = kb0; kb < kb1; kb++) {
                if (kb == packedBlocks) {
                    packABlock(pr, kb, is, ms, 0, ms, wholeA);
                    packedBlocks++;
                }
                columnUnitBlock(pr, jc, nc, kb, is, ms, i0, i1, wholeA, pb, ws.edge);
            }
        }
    }

    /** {@link #packBBlock} for rows of op(A) in a column split. */
    private static void packABlock(Product pr, int kb, int is, int ms, int from, int to, float[] wholeA) {
        int pc = pr.depthStart(kb);
        int kc = pr.depthStart(kb + 1) - pc;
        GemmPacking.packA(pr.transA(), pr.a(), pr.aOff(), pr.lda(), is + from, to - from, pc, kc, wholeA,
                pc * GemmPacking.ceilDiv(ms, MR) * MR + from * kc);
    }

    /**
     * {@link #rowUnitBlock} mirrored: columns {@code [jc, jc+nc)} of op(B), packed privately, times rows
     * {@code [i0, i1)} of the packed op(A) slab.
     */
    private static void columnUnitBlock(Product pr, int jc, int nc, int kb, int is, int ms, int i0, int i1,
                                        float[] wholeA, float[] pb, float[] edge) {
        int pc = pr.depthStart(kb);
        int kc = pr.depthStart(kb + 1) - pc;
        GemmPacking.packB(pr.transB(), pr.b(), pr.bOff(), pr.ldb(), pc, kc, jc, nc, pb, 0);
        macroTile(kc, i1 - i0, nc, wholeA, pc * GemmPacking.ceilDiv(ms, MR) * MR + i0 * kc, pb, 0, pr.alpha(),
                kb == 0 ? pr.beta() : 1f, pr.c(), pr.cOff() + (is + i0) * pr.ldc() + jc, pr.ldc(), edge,
                pr.epilogueAfter(kb), jc);
    }

    /** The size of near-equal blocks, a multiple of {@code unit} and at most about {@code max}, covering {@code n}. */
    private static int evenBlock(int n, int max, int unit) {
        int blocks = GemmPacking.ceilDiv(n, max);
        return GemmPacking.ceilDiv(GemmPacking.ceilDiv(n, blocks), unit) * unit;
    }

    /**
     * All micro-tiles of a packed mc×kc block of A times a packed kc×nc block of B. B is taken
     * {@link #sweepColumns} columns at a time, a block that stays in L2 while each A micro-panel (in L1) sweeps it from
     * left to right, writing C along its rows, which the hardware prefetcher follows. The other order (each B
     * micro-panel sweeping a block of A, as BLIS does) was measured 1-3% slower here. A non-null {@code epilogue} runs
     * on each tile as soon as it is written; {@code col} is the column of C where the block starts.
     */
    private static void macroTile(int kc, int mc, int nc, float[] pa, int aBase, float[] pb, int bBase,
                                  float alpha, float beta, float[] c, int cBase, int ldc, float[] edge,
                                  Epilogue epilogue, int col) {
        int sweep = sweepColumns(kc);
        for (int jb = 0; jb < nc; jb += sweep) {
            int nb = Math.min(sweep, nc - jb);
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                for (int jr = jb; jr < jb + nb; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    int ci = cBase + ir * ldc + jr;
                    microTile(kc, mr, nr, pa, aBase + ir * kc, pb, bBase + jr * kc, alpha, beta, c, ci, ldc, edge);
                    if (epilogue != null) {
                        epilogue.apply(c, ci, ldc, mr, nr, col + jr);
                    }
                }
            }
        }
    }

    private static void microTile(int kc, int mr, int nr, float[] pa, int ai, float[] pb, int bi, float alpha,
                                  float beta, float[] c, int ci, int ldc, float[] edge) {
        if (mr == MR && nr == NR) {
            GemmMicroKernel.tile(kc, pa, ai, pb, bi, alpha, beta, c, ci, ldc);
        } else {
            GemmMicroKernel.edgeTile(kc, pa, ai, pb, bi, alpha, beta, c, ci, ldc, mr, nr, edge);
        }
    }
}

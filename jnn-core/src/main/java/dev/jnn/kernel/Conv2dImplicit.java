package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.MR;
import static dev.jnn.kernel.GemmMicroKernel.NR;
import static dev.jnn.kernel.GemmMicroKernel.V;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution of one image as an implicit GEMM: {@code out_g = W_g · columns_g}, where the column matrix is
 * never written out. The weights are packed once per call into {@link GemmMicroKernel}'s A panels; per image, the
 * input is copied once into a zero-bordered buffer (only the border is zeroed), and each depth × pixel block of the
 * column matrix is packed straight from it into B panels, {@link GemmMicroKernel#V} pixels (one output row segment,
 * so one contiguous run of the bordered input) per vector copy, or half that where the output width calls for it.
 * Compared with im2col followed by {@link Gemm} this saves writing the column matrix (larger than L2 for CIFAR's
 * first stage), reading it back to pack it, and packing the same weights again for every image.
 *
 * <p>Applies when the output width is a multiple of V, or of V/2 where that is at least 8 floats (CIFAR's 32, 16, 8
 * on AVX2 and AVX-512; the input-gradient convolutions of its stride-1 layers). Without the half-vector segments,
 * AVX-512's 16 lanes sent ResNet's 8×8 stage (a third of its convolution work) to im2col and a Gemm per image,
 * which packed the same weights again for every image. A stride s is read as s×s phases of the input (see
 * {@link #border}), each a stride-1 image. Depth is cut into near-equal blocks of at most {@link GemmBlocked#KC} like
 * Gemm's, and every output element sums its products in an order fixed by the shape alone.
 *
 * <p>Measured on one thread (AVX2, busy machine, 2026-11-23): the 6×16 tile loop compiles clean (no spill, no
 * bounds checks) and packing the columns takes ~11 % of the time at 64 channels, ~26 % at 16. Tiles reading the
 * bordered input in place through the tap offsets did not pay: six rows made C2 spill an accumulator (1.6-1.8×
 * slower), four rows kept loop invariants on the stack plus two bounds checks per step (level at 16 channels,
 * 1.25× slower at 32 and 64). Row tiles outermost, packing one panel just before its tiles, a depth block of
 * 576 instead of 3×192, and one copy loop for both segments of a panel all measured level within the noise.
 *
 * <p>On AVX-512 (32 registers, eight-row tiles) reading in place does pay, and whole tiles with full-vector
 * segments skip the packing ({@link Conv2dInPlaceTile}): on the two-core Zen 5, interleaved in one JVM, ResNet's
 * 16-channel 32×32 layer ran 1.37× faster forward and 1.32× backward (input), its 32-channel 16×16 layer 1.11×, the
 * 16→32 stride-2 layer 1.07× and the 64-channel 32×32 benchmark layer 1.03×.
 */
final class Conv2dImplicit {

    private Conv2dImplicit() {}

    /**
     * Output pixels per packed B block. A kc×NB block is written and then read back by every row tile: at 64 pixels
     * it stays in L1 or close by (36 KB for ResNet's 16-channel 3×3 layers, 147 KB for its 64-channel ones, whose
     * depth of 576 is one block since depth blocks of 1024), where 256 pixels measured about 3 % slower on one thread
     * at 16 and 64 channels with depth blocks of 256 (interleaved A/B in one JVM, noisy).
     */
    private static final int NB = 64;

    /** Half a vector: a row segment's copy when the output width is a multiple of V/2 but not of V. */
    private static final VectorSpecies<Float> HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(GemmMicroKernel.F.vectorBitSize() / 2));

    /** Whether {@link #image} handles this shape. */
    static boolean applies(Conv2dShape s) {
        return segment(s.outW()) > 0 && s.outH() > 0;
    }

    /** Pixels per copy when packing columns: V, V/2 (when at least 8), or 0 where neither divides the width. */
    static int segment(int outW) {
        if (outW % V == 0) {
            return V;
        }
        return V / 2 >= 8 && outW % (V / 2) == 0 ? V / 2 : 0;
    }

    /**
     * The per-call plan shared (read only) by every image: packed weights, depth blocks and tap offsets. With
     * {@code planes}, each image is laid out as its {@link ColumnPlanes} (after the bordered area of the scratch)
     * instead of a bordered image, and {@code taps} are the planes' offsets (see {@link Conv2dInPlaceTile}).
     */
    record Plan(Conv2dShape s, int k, int kBlocks, int kcMax, int blockStride, float[] packedWeights, int[] taps,
                int paddedH, int paddedW, boolean planes) {

        /**
         * Packs the weights {@code [O, cpg, kH, kW]} into {@code packed} (unless {@code weight} is null, for the
         * weight gradient, which needs only the taps) and returns the plan.
         */
        static Plan of(Conv2dShape s, float[] weight, float[] packed, int[] taps) {
            int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
            int k = cpg * s.kernelH() * s.kernelW();
            int kBlocks = GemmPacking.ceilDiv(k, GemmBlocked.KC);
            int kcMax = GemmPacking.ceilDiv(k, kBlocks);
            int blockStride = GemmPacking.aSize(opg, kcMax);
            int sh = s.strideH(), sw = s.strideW();
            int paddedH = s.outH() + s.dilationH() * (s.kernelH() - 1) / sh;
            int paddedW = s.outW() + s.dilationW() * (s.kernelW() - 1) / sw;
            for (int g = 0; weight != null && g < s.groups(); g++) {
                for (int kb = 0; kb < kBlocks; kb++) {
                    int pc = Parallel.chunkStart(k, kBlocks, kb);
                    int kc = Parallel.chunkStart(k, kBlocks, kb + 1) - pc;
                    packWeights(weight, g * opg * k, k, opg, pc, kc, packed, (g * kBlocks + kb) * blockStride);
                }
            }
            boolean planes = weight != null && Conv2dInPlaceTile.readsPlanes(s);
            Plan plan = new Plan(s, k, kBlocks, kcMax, blockStride, packed, taps, paddedH, paddedW, planes);
            if (planes) {
                ColumnPlanes.taps(plan, taps, 0);
            } else {
                borderedTaps(s, paddedH, paddedW, taps);
            }
            return plan;
        }

        /**
         * Offset of tap (c, i, j) from an output pixel's corner in the bordered input: row i·dilation of the window
         * lies in phase (i·dilation) mod stride, (i·dilation) / stride rows below the corner.
         */
        private static void borderedTaps(Conv2dShape s, int paddedH, int paddedW, int[] taps) {
            int sh = s.strideH(), sw = s.strideW(), t = 0;
            for (int c = 0; c < s.inChannelsPerGroup(); c++) {
                for (int i = 0; i < s.kernelH(); i++) {
                    for (int j = 0; j < s.kernelW(); j++) {
                        int y = i * s.dilationH(), x = j * s.dilationW();
                        int phase = (c * sh + y % sh) * sw + x % sw;
                        taps[t++] = (phase * paddedH + y / sh) * paddedW + x / sw;
                    }
                }
            }
        }

        static int packedSize(Conv2dShape s) {
            int k = s.inChannelsPerGroup() * s.kernelH() * s.kernelW();
            int kBlocks = GemmPacking.ceilDiv(k, GemmBlocked.KC);
            return s.groups() * kBlocks * GemmPacking.aSize(s.outChannelsPerGroup(), GemmPacking.ceilDiv(k, kBlocks));
        }

        int paddedSize() {
            return s.inChannelsPerGroup() * s.strideH() * s.strideW() * paddedH * paddedW;
        }

        /** Floats of an image's scratch: the bordered image, then with {@code planes} the column planes. */
        int scratchSize() {
            return paddedSize() + (planes ? ColumnPlanes.size(this) : 0);
        }

        int packedBSize() {
            return GemmPacking.bSize(kcMax, Math.min(NB, GemmPacking.ceilDiv(s.outPlane(), NR) * NR));
        }
    }

    /** Rows {@code [0, rows)} × depth {@code [pc, pc+kc)} of the row-major weights, in MR-row micro-panels. */
    private static void packWeights(float[] w, int wOff, int ldw, int rows, int pc, int kc, float[] dst, int d) {
        for (int ir = 0, h; ir < rows; ir += h, d += kc * h) {
            h = tileRows(rows, ir);
            for (int r = 0; r < h; r++) {
                int src = wOff + (ir + r) * ldw + pc;
                boolean live = ir + r < rows;
                for (int p = 0; p < kc; p++) {
                    dst[d + p * h + r] = live ? w[src + p] : 0f;
                }
            }
        }
    }

    /**
     * Rows of the row tile (and weight micro-panel) starting at row {@code ir} of {@code rows}: MR, except for a tail
     * of four-row tiles computed by {@link GemmMicroKernel#tile4} without zero rows: a remainder of 4 (MR = 6: 16 or
     * 64 channels; MR = 8: 4 mod 8), or, with MR = 6, a remainder of 2 (32 channels) taken with the last full tile as
     * two four-row tiles. Other remainders are a zero-padded MR-row edge tile.
     */
    static int tileRows(int rows, int ir) {
        int rest = rows % MR;
        int tail = rest % 4 == 0 ? rest : (rest + MR) % 4 == 0 && rows >= rest + MR ? rest + MR : 0;
        return ir >= rows - tail ? 4 : MR;
    }

    /** Pixel blocks of an output plane; {@link #image} can compute any range of them. */
    static int pixelBlocks(Conv2dShape s) {
        return GemmPacking.ceilDiv(s.outPlane(), NB);
    }

    /**
     * Pixel blocks {@code [fromBlock, toBlock)} of the output of group {@code g} of one image: {@code out[outOff ...]}
     * ({@code opg} rows of outH·outW) from the group's {@code cpg} input channels at {@code in[inOff ...]}. Each
     * element's arithmetic does not depend on the block range. Scratch: {@code padded} and {@code pb} of the plan's
     * sizes, {@code edge} of MR·NR floats.
     */
    static void image(Plan plan, float[] in, int inOff, int g, float[] out, int outOff, int fromBlock, int toBlock,
                      float[] padded, float[] pb, float[] edge) {
        Conv2dShape s = plan.s();
        if (plan.planes()) {
            ColumnPlanes.build(plan, in, inOff, padded, plan.paddedSize());
        } else {
            border(s, in, inOff, padded, 0, plan.paddedH(), plan.paddedW());
        }
        int p = s.outPlane(), opg = s.outChannelsPerGroup();
        for (int jc = fromBlock * NB; jc < Math.min(p, toBlock * NB); jc += NB) {
            int nc = Math.min(NB, p - jc);
            for (int kb = 0; kb < plan.kBlocks(); kb++) {
                int pc = Parallel.chunkStart(plan.k(), plan.kBlocks(), kb);
                int kc = Parallel.chunkStart(plan.k(), plan.kBlocks(), kb + 1) - pc;
                float beta = kb == 0 ? 0f : 1f;
                int aBase = (g * plan.kBlocks() + kb) * plan.blockStride();
                if (Conv2dInPlaceTile.suits(plan, nc)) {
                    Conv2dInPlaceTile.tiles(plan, padded, pc, kc, jc, nc, aBase, kb > 0, out, outOff);
                    continue;
                }
                packColumns(plan, padded, pc, kc, jc, nc, pb);
                for (int jr = 0; jr < nc; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    for (int ir = 0, mr; ir < opg; ir += mr) {
                        mr = Math.min(tileRows(opg, ir), opg - ir);
                        int ci = outOff + ir * p + jc + jr;
                        if (mr == MR && nr == NR) {
                            GemmMicroKernel.tile(kc, plan.packedWeights(), aBase + ir * kc, pb, jr * kc, 1f, beta,
                                    out, ci, p);
                        } else if (mr == 4 && nr == NR) {
                            GemmMicroKernel.tile4(kc, plan.packedWeights(), aBase + ir * kc, pb, jr * kc, 1f, beta,
                                    out, ci, p);
                        } else if (mr == 4) {
                            GemmMicroKernel.edgeTile4(kc, plan.packedWeights(), aBase + ir * kc, pb, jr * kc, 1f,
                                    beta, out, ci, p, nr, edge);
                        } else {
                            GemmMicroKernel.edgeTile(kc, plan.packedWeights(), aBase + ir * kc, pb, jr * kc, 1f,
                                    beta, out, ci, p, mr, nr, edge);
                        }
                    }
                }
            }
        }
    }

    /**
     * Copies {@code cpg} channels into the bordered buffer at {@code padOff}: with stride 1 the zero-padded image
     * ({@code ph × pw}, only the border zeroed); with stride s, its s×s phases, each {@code ph × pw}, phase
     * (py, px) holding the padded image's rows py, py + s, ... and columns px, px + s, ..., so that the V pixels of
     * an output row segment read V consecutive values there too.
     */
    static void border(Conv2dShape s, float[] in, int inOff, float[] padded, int padOff, int ph, int pw) {
        if (s.strideH() != 1 || s.strideW() != 1) {
            phases(s, in, inOff, padded, padOff, ph, pw);
            return;
        }
        int ih = s.inH(), iw = s.inW(), top = s.padH(), left = s.padW();
        for (int c = 0; c < s.inChannelsPerGroup(); c++) {
            int base = padOff + c * ph * pw;
            Arrays.fill(padded, base, base + top * pw, 0f);
            for (int y = 0; y < ih; y++) {
                int row = base + (top + y) * pw;
                for (int x = 0; x < left; x++) {
                    padded[row + x] = 0f;
                }
                System.arraycopy(in, inOff + (c * ih + y) * iw, padded, row + left, iw);
                for (int x = left + iw; x < pw; x++) {
                    padded[row + x] = 0f;
                }
            }
            Arrays.fill(padded, base + (top + ih) * pw, base + ph * pw, 0f);
        }
    }

    private static void phases(Conv2dShape s, float[] in, int inOff, float[] padded, int padOff, int ph, int pw) {
        int ih = s.inH(), iw = s.inW(), sh = s.strideH(), sw = s.strideW();
        int d = padOff;
        for (int c = 0; c < s.inChannelsPerGroup(); c++) {
            int plane = inOff + c * ih * iw;
            for (int py = 0; py < sh; py++) {
                for (int px = 0; px < sw; px++) {
                    // Columns x of this phase read input column x·sw + px − padW: inside for x in [x0, x1).
                    int first = px - s.padW();
                    int x0 = Math.min(pw, first >= 0 ? 0 : (-first + sw - 1) / sw);
                    int x1 = Math.max(x0, Math.min(pw, first >= iw ? 0 : (iw - first + sw - 1) / sw));
                    for (int y = 0; y < ph; y++, d += pw) {
                        int iy = y * sh + py - s.padH();
                        if (iy < 0 || iy >= ih) {
                            Arrays.fill(padded, d, d + pw, 0f);
                        } else {
                            phaseRow(in, plane + iy * iw + x0 * sw + first, sw, padded, d, x0, x1, pw);
                        }
                    }
                }
            }
        }
    }

    /**
     * One row of a phase: zeros before {@code x0} and from {@code x1}, between them every {@code sw}-th input value
     * from {@code src}, with no inside-the-image test per element (which made the phases 40 % of the time of ResNet's
     * 16→32 stride-2 forward on one thread; now about 25 %).
     */
    private static void phaseRow(float[] in, int src, int sw, float[] padded, int d, int x0, int x1, int pw) {
        // The borders are a column or two: plain stores, where an Arrays.fill call per row cost as much as the copy.
        for (int x = 0; x < x0; x++) {
            padded[d + x] = 0f;
        }
        int base = src - x0 * sw;
        if (sw == 2) {
            // A constant stride lets C2 drop the bounds checks and unroll (ResNet's stride-2 layers).
            for (int x = x0; x < x1; x++) {
                padded[d + x] = in[base + 2 * x];
            }
        } else {
            for (int x = x0; x < x1; x++) {
                padded[d + x] = in[base + sw * x];
            }
        }
        for (int x = x1; x < pw; x++) {
            padded[d + x] = 0f;
        }
    }

    /**
     * Packs depth rows {@code [pc, pc+kc)} and pixel columns {@code [jc, jc+nc)} of the implicit column matrix into
     * NR-wide panels: {@code pb[panel·kc·NR + p·NR + x] = padded[taps[pc + p] + corner(pixel)]}, zero past the
     * last pixel. Each {@link #segment} of pixels lies in one output row, so it is one vector (or half-vector) copy.
     */
    private static void packColumns(Plan plan, float[] padded, int pc, int kc, int jc, int nc, float[] pb) {
        int ow = plan.s().outW(), pw = plan.paddedW();
        int width = segment(ow);
        int[] taps = plan.taps();
        for (int jr = 0, d = 0; jr < nc; jr += NR, d += kc * NR) {
            for (int seg = 0; seg < NR; seg += width) {
                int q = jc + jr + seg;
                if (jr + seg >= nc) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(pb, d + p * NR + seg, d + p * NR + seg + width, 0f);
                    }
                } else if (width == V) {
                    copySegments(padded, corner(q, ow, pw), taps, pc, kc, pb, d + seg);
                } else {
                    copyHalfSegments(padded, corner(q, ow, pw), taps, pc, kc, pb, d + seg);
                }
            }
        }
    }

    /** Where output pixel {@code q} (row-major, width {@code ow}) reads tap offset 0 in a bordered image (pitch pw). */
    static int corner(int q, int ow, int pw) {
        return (q / ow) * pw + q % ow;
    }

    private static void copySegments(float[] padded, int corner, int[] taps, int pc, int kc, float[] pb, int d) {
        for (int p = 0; p < kc; p++) {
            FloatVector.fromArray(GemmMicroKernel.F, padded, corner + taps[pc + p]).intoArray(pb, d + p * NR);
        }
    }

    /** {@link #copySegments} with half vectors: a species of its own, so that each loop's copies are intrinsics. */
    private static void copyHalfSegments(float[] padded, int corner, int[] taps, int pc, int kc, float[] pb, int d) {
        for (int p = 0; p < kc; p++) {
            FloatVector.fromArray(HALF, padded, corner + taps[pc + p]).intoArray(pb, d + p * NR);
        }
    }
}

package dev.jnn.kernel;

import static dev.jnn.kernel.Conv2dDirect.ACC;
import static dev.jnn.kernel.Conv2dDirect.BT;
import static dev.jnn.kernel.Conv2dDirect.F;
import static dev.jnn.kernel.Conv2dDirect.L;
import static dev.jnn.kernel.Conv2dDirect.PACKED;
import static dev.jnn.kernel.Conv2dDirect.PADDED;
import static dev.jnn.kernel.Conv2dDirect.WEIGHT_CHUNKS;
import static dev.jnn.kernel.Conv2dDirect.WIDE;
import static dev.jnn.kernel.Conv2dDirect.pad;
import static dev.jnn.kernel.Conv2dDirect.plan;
import static dev.jnn.kernel.Conv2dDirect.scratch;

import dev.jnn.kernel.Conv2dDirect.Plan;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The weight and bias gradients of {@link Conv2dDirect}'s wide-row convolution: for every pair of output channels and
 * block of {@code BT} taps, dot products between the zero-padded input planes and the output gradient laid out as
 * wide planes (zeros past each row), accumulated in vector registers image by image and reduced once per chunk.
 */
final class Conv2dDirectWeightGradient {

    private Conv2dDirectWeightGradient() {}

    /**
     * {@code gradWeight = ∂L/∂weight}, {@code gradBias = ∂L/∂bias} (nullable); overwrites both. Each fixed chunk of
     * images accumulates vector partial sums image by image; the chunks' sums are added in chunk order.
     */
    static void compute(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight,
                                      float[] gradBias) {
        s.check("backwardWeight", input, s.inputSize(), "input", gradWeight, gradBias, gradOutput, s.outputSize(),
                "gradOutput");
        if (s.strideH() != 1 || s.strideW() != 1) {
            throw new IllegalArgumentException("conv2d direct backwardWeight: needs stride 1, got " + s);
        }
        Plan plan = plan(s, BT);
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), pairs = (opg + 1) / 2;
        int tapsPadded = plan.offsets().length;
        // Vector accumulators of a chunk: acc[g][pair][c][tap][2][L].
        int accPerGroup = pairs * cpg * tapsPadded * 2 * L;
        int accLen = s.groups() * accPerGroup;
        int chunks = Math.min(s.batch(), WEIGHT_CHUNKS);
        float[] partials = scratch(ACC, chunks * s.weightSize());
        Parallel.forRange(chunks, 1, (from, to) -> {
            float[] padded = scratch(PADDED, cpg * plan.padded());
            float[] wide = scratch(WIDE, 2 * pairs * plan.wideLen());
            float[] acc = scratch(PACKED, accLen);
            for (int ch = from; ch < to; ch++) {
                Arrays.fill(acc, 0, accLen, 0f);
                int n0 = Parallel.chunkStart(s.batch(), chunks, ch), n1 = Parallel.chunkStart(s.batch(), chunks, ch + 1);
                for (int n = n0; n < n1; n++) {
                    for (int g = 0; g < s.groups(); g++) {
                        pad(s, plan, input, (n * s.inChannels() + g * cpg) * s.inPlane(), cpg, padded);
                        widen(s, plan, gradOutput, n, g, wide, pairs);
                        for (int p = 0; p < pairs; p++) {
                            for (int c = 0; c < cpg; c++) {
                                for (int t = 0; t < tapsPadded; t += BT) {
                                    weightBlock(plan, padded, c * plan.padded(), wide, 2 * p * plan.wideLen(), t,
                                            acc, g * accPerGroup + ((p * cpg + c) * tapsPadded + t) * 2 * L);
                                }
                            }
                        }
                    }
                }
                reduceChunk(s, plan.taps(), tapsPadded, acc, partials, ch * s.weightSize());
            }
        });
        System.arraycopy(partials, 0, gradWeight, 0, s.weightSize());
        for (int ch = 1; ch < chunks; ch++) {
            int off = ch * s.weightSize();
            for (int i = 0; i < s.weightSize(); i++) {
                gradWeight[i] += partials[off + i];
            }
        }
        if (gradBias != null) {
            int oc = s.outChannels(), p = s.outPlane();
            for (int o = 0; o < oc; o++) {
                float sum = 0f;
                for (int n = 0; n < s.batch(); n++) {
                    sum += Reduce.sum(gradOutput, (n * oc + o) * p, p);
                }
                gradBias[o] = sum;
            }
        }
    }

    /** The output gradient of image n, group g, as wide planes with zeros past each row and a zero odd channel. */
    private static void widen(Conv2dShape s, Plan plan, float[] gradOutput, int n, int g, float[] wide, int pairs) {
        int opg = s.outChannelsPerGroup(), oh = s.outH(), ow = s.outW(), wp = plan.wp();
        Arrays.fill(wide, 0, 2 * pairs * plan.wideLen(), 0f);
        for (int o = 0; o < opg; o++) {
            int src = (n * s.outChannels() + g * opg + o) * oh * ow;
            int dst = o * plan.wideLen();
            for (int y = 0; y < oh; y++) {
                System.arraycopy(gradOutput, src + y * ow, wide, dst + y * wp, ow);
            }
        }
    }

    /** Adds Σ_j dY[o0|o1][j] · in[j + offset(t..t+4)] to ten vector accumulators at {@code acc[accOff]}. */
    private static void weightBlock(Plan plan, float[] in, int inOff, float[] dy, int dyOff, int t, float[] acc,
                                    int accOff) {
        FloatVector a0 = FloatVector.fromArray(F, acc, accOff), a1 = FloatVector.fromArray(F, acc, accOff + L);
        FloatVector a2 = FloatVector.fromArray(F, acc, accOff + 2 * L);
        FloatVector a3 = FloatVector.fromArray(F, acc, accOff + 3 * L);
        FloatVector a4 = FloatVector.fromArray(F, acc, accOff + 4 * L);
        FloatVector b0 = FloatVector.fromArray(F, acc, accOff + 5 * L);
        FloatVector b1 = FloatVector.fromArray(F, acc, accOff + 6 * L);
        FloatVector b2 = FloatVector.fromArray(F, acc, accOff + 7 * L);
        FloatVector b3 = FloatVector.fromArray(F, acc, accOff + 8 * L);
        FloatVector b4 = FloatVector.fromArray(F, acc, accOff + 9 * L);
        int[] offsets = plan.offsets();
        int i0 = inOff + offsets[t], i1 = inOff + offsets[t + 1], i2 = inOff + offsets[t + 2];
        int i3 = inOff + offsets[t + 3], i4 = inOff + offsets[t + 4];
        int d1 = dyOff + plan.wideLen();
        for (int j = 0, end = plan.wideLen(); j < end; j += L) {
            FloatVector y0 = FloatVector.fromArray(F, dy, dyOff + j);
            FloatVector y1 = FloatVector.fromArray(F, dy, d1 + j);
            FloatVector x = FloatVector.fromArray(F, in, i0 + j);
            a0 = x.fma(y0, a0);
            b0 = x.fma(y1, b0);
            x = FloatVector.fromArray(F, in, i1 + j);
            a1 = x.fma(y0, a1);
            b1 = x.fma(y1, b1);
            x = FloatVector.fromArray(F, in, i2 + j);
            a2 = x.fma(y0, a2);
            b2 = x.fma(y1, b2);
            x = FloatVector.fromArray(F, in, i3 + j);
            a3 = x.fma(y0, a3);
            b3 = x.fma(y1, b3);
            x = FloatVector.fromArray(F, in, i4 + j);
            a4 = x.fma(y0, a4);
            b4 = x.fma(y1, b4);
        }
        a0.intoArray(acc, accOff);
        a1.intoArray(acc, accOff + L);
        a2.intoArray(acc, accOff + 2 * L);
        a3.intoArray(acc, accOff + 3 * L);
        a4.intoArray(acc, accOff + 4 * L);
        b0.intoArray(acc, accOff + 5 * L);
        b1.intoArray(acc, accOff + 6 * L);
        b2.intoArray(acc, accOff + 7 * L);
        b3.intoArray(acc, accOff + 8 * L);
        b4.intoArray(acc, accOff + 9 * L);
    }

    /** Sums each accumulator's lanes into {@code out[outOff + weight index]}, dropping padded taps and channels. */
    private static void reduceChunk(Conv2dShape s, int taps, int tapsPadded, float[] acc, float[] out, int outOff) {
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), pairs = (opg + 1) / 2;
        for (int g = 0; g < s.groups(); g++) {
            for (int o = 0; o < opg; o++) {
                int p = o / 2, k = o % 2;
                for (int c = 0; c < cpg; c++) {
                    for (int t = 0; t < taps; t++) {
                        int block = t / BT * BT, inBlock = t - block;
                        int a = (((g * pairs + p) * cpg + c) * tapsPadded + block) * 2 * L + (k * BT + inBlock) * L;
                        float sum = Reduce.addLanes(FloatVector.fromArray(F, acc, a));
                        out[outOff + ((g * opg + o) * cpg + c) * taps + t] = sum;
                    }
                }
            }
        }
    }
}

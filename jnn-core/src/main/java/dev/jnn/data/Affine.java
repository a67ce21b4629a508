package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.util.random.RandomGenerator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bilinear resampling under an affine map (rotation, zoom, resize). Output pixel (x, y) reads the source at
 * (a·x + b·y + tx, c·x + d·y + ty), pixel centres at integers, zeros outside the source.
 *
 * <p>Speed: the four source taps and their weights are computed once per output pixel, a vector of pixels at a
 * time (branch-free: a tap outside the image gets weight 0 and a clamped index), and shared by all channels; each channel is then a gather-and-blend
 * loop over the Vector API.
 */
final class Affine {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> ISPECIES = IntVector.SPECIES_PREFERRED;

    private Affine() {
    }

    /** Per-thread tap tables, grown as needed. */
    private static final class Taps {
        int[] i00 = new int[0], i01 = new int[0], i10 = new int[0], i11 = new int[0];
        float[] w00 = new float[0], w01 = new float[0], w10 = new float[0], w11 = new float[0];

        void ensure(int n) {
            if (i00.length < n) {
                i00 = new int[n];
                i01 = new int[n];
                i10 = new int[n];
                i11 = new int[n];
                w00 = new float[n];
                w01 = new float[n];
                w10 = new float[n];
                w11 = new float[n];
            }
        }
    }

    private static final ThreadLocal<Taps> TAPS = ThreadLocal.withInitial(Taps::new);

    /** Resamples {@code src} [c, h, w] into {@code dst} [c, oh, ow] under the map (a, b, tx; c2, d, ty). */
    static void resample(float[] src, int c, int h, int w, float[] dst, int oh, int ow,
            double a, double b, double tx, double c2, double d, double ty) {
        int n = oh * ow;
        Taps taps = TAPS.get();
        taps.ensure(n + SPECIES.length());
        int len = SPECIES.length();
        FloatVector iota = FloatVector.fromArray(SPECIES, IOTA, 0);
        float fa = (float) a, fc = (float) c2;
        for (int y = 0; y < oh; y++) {
            double rowX = b * y + tx;
            double rowY = d * y + ty;
            // Whole vectors only: a row's last vector spills into the next row's first slots, which that row
            // then overwrites (rows go in order; the tables have one vector of slack at the end).
            for (int x = 0, p = y * ow; x < ow; x += len, p += len) {
                FloatVector xv = iota.add((float) x);
                FloatVector sx = xv.fma(fa, (float) rowX).max(-2f).min(w + 1f);
                FloatVector sy = xv.fma(fc, (float) rowY).max(-2f).min(h + 1f);
                vectorTaps(sx, sy, w, h, taps, p);
            }
        }
        int[] i00 = taps.i00, i01 = taps.i01, i10 = taps.i10, i11 = taps.i11;
        float[] w00 = taps.w00, w01 = taps.w01, w10 = taps.w10, w11 = taps.w11;
        int bound = SPECIES.loopBound(n);
        for (int ch = 0; ch < c; ch++) {
            int plane = ch * h * w;
            int out = ch * n;
            int p = 0;
            for (; p < bound; p += len) {
                FloatVector v = FloatVector.fromArray(SPECIES, src, plane, i00, p)
                        .mul(FloatVector.fromArray(SPECIES, w00, p));
                v = FloatVector.fromArray(SPECIES, src, plane, i01, p)
                        .fma(FloatVector.fromArray(SPECIES, w01, p), v);
                v = FloatVector.fromArray(SPECIES, src, plane, i10, p)
                        .fma(FloatVector.fromArray(SPECIES, w10, p), v);
                v = FloatVector.fromArray(SPECIES, src, plane, i11, p)
                        .fma(FloatVector.fromArray(SPECIES, w11, p), v);
                v.intoArray(dst, out + p);
            }
            for (; p < n; p++) {
                float v = src[plane + i00[p]] * w00[p];
                v = Math.fma(src[plane + i01[p]], w01[p], v);
                v = Math.fma(src[plane + i10[p]], w10[p], v);
                v = Math.fma(src[plane + i11[p]], w11[p], v);
                dst[out + p] = v;
            }
        }
    }

    private static final float[] IOTA = new float[SPECIES.length()];

    static {
        for (int i = 0; i < IOTA.length; i++) {
            IOTA[i] = i;
        }
    }

    /**
     * Taps for {@code SPECIES.length()} output pixels whose (already clamped) source coordinates are sx, sy:
     * floor by truncation corrected for negatives; a tap outside the image gets weight 0 and a clamped index.
     */
    private static void vectorTaps(FloatVector sx, FloatVector sy, int w, int h, Taps t, int p) {
        IntVector ix = (IntVector) sx.convert(VectorOperators.F2I, 0);
        IntVector iy = (IntVector) sy.convert(VectorOperators.F2I, 0);
        FloatVector tx = (FloatVector) ix.convert(VectorOperators.I2F, 0);
        FloatVector ty = (FloatVector) iy.convert(VectorOperators.I2F, 0);
        VectorMask<Float> bx = sx.lt(tx);
        VectorMask<Float> by = sy.lt(ty);
        ix = ix.sub(1, bx.cast(ISPECIES));
        iy = iy.sub(1, by.cast(ISPECIES));
        FloatVector fx = sx.sub(tx.sub(1f, bx));
        FloatVector fy = sy.sub(ty.sub(1f, by));
        IntVector ix1 = ix.add(1);
        IntVector iy1 = iy.add(1);
        FloatVector vx0 = fx.neg().add(1f).blend(0f, outside(ix, w));
        FloatVector vx1 = fx.blend(0f, outside(ix1, w));
        FloatVector vy0 = fy.neg().add(1f).blend(0f, outside(iy, h));
        FloatVector vy1 = fy.blend(0f, outside(iy1, h));
        IntVector cx0 = ix.max(0).min(w - 1), cx1 = ix1.max(0).min(w - 1);
        IntVector cy0 = iy.max(0).min(h - 1).mul(w), cy1 = iy1.max(0).min(h - 1).mul(w);
        cy0.add(cx0).intoArray(t.i00, p);
        cy0.add(cx1).intoArray(t.i01, p);
        cy1.add(cx0).intoArray(t.i10, p);
        cy1.add(cx1).intoArray(t.i11, p);
        vy0.mul(vx0).intoArray(t.w00, p);
        vy0.mul(vx1).intoArray(t.w01, p);
        vy1.mul(vx0).intoArray(t.w10, p);
        vy1.mul(vx1).intoArray(t.w11, p);
    }

    private static VectorMask<Float> outside(IntVector i, int size) {
        return i.lt(0).or(i.compare(VectorOperators.GE, size)).cast(SPECIES);
    }

    /** Rotation by θ and zoom by s about the image centre, same size, resampled in place through scratch. */
    static Tensor rotateZoom(Tensor image, double radians, double scale, String op) {
        int[] s = Transform.chw(image, op);
        Tensor t = Transform.dense(image);
        int h = s[1], w = s[2];
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        // Inverse map: source = R(-θ)/s · (dest - centre) + centre.
        double cos = Math.cos(radians) / scale, sin = Math.sin(radians) / scale;
        double a = cos, b = sin, c2 = -sin, d = cos;
        double tx = cx - a * cx - b * cy;
        double ty = cy - c2 * cx - d * cy;
        float[] tmp = Geometric.scratch(t.size());
        resample(t.data(), s[0], h, w, tmp, h, w, a, b, tx, c2, d, ty);
        System.arraycopy(tmp, 0, t.data(), 0, t.size());
        return t;
    }

    record Rotation(double maxDegrees) implements Transform {
        Rotation {
            if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
                throw new IllegalArgumentException("randomRotation: maximum angle must be in [0, 180] degrees, got "
                        + maxDegrees);
            }
        }

        @Override public Tensor apply(Tensor image, RandomGenerator rng) {
            double deg = Transform.uniform(rng, -maxDegrees, maxDegrees);
            return rotateZoom(image, Math.toRadians(deg), 1.0, "randomRotation");
        }
    }

    record Zoom(double min, double max) implements Transform {
        Zoom {
            if (!(min > 0 && max >= min && Double.isFinite(max))) {
                throw new IllegalArgumentException("randomScale: need 0 < min <= max, got " + min + ", " + max);
            }
        }

        @Override public Tensor apply(Tensor image, RandomGenerator rng) {
            return rotateZoom(image, 0.0, Transform.uniform(rng, min, max), "randomScale");
        }
    }

    record Resize(int height, int width) implements Transform {
        Resize {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("resize: size must be >= 1, got " + height + "x" + width);
            }
        }

        @Override public Tensor apply(Tensor image, RandomGenerator rng) {
            int[] s = Transform.chw(image, "resize");
            if (s[1] == height && s[2] == width) {
                return image;
            }
            Tensor t = Transform.dense(image);
            float[] out = new float[s[0] * height * width];
            resize(t.data(), s[0], s[1], s[2], out, height, width);
            return Tensor.of(out, s[0], height, width);
        }
    }

    /** Bilinear resize with half-pixel centres (as PIL/OpenCV/PyTorch align_corners=False), edges clamped. */
    static void resize(float[] src, int c, int h, int w, float[] dst, int oh, int ow) {
        double sx = (double) w / ow, sy = (double) h / oh;
        // Clamp the sampling point into the image so that edges repeat rather than fade to zero.
        double a = sx, tx = 0.5 * sx - 0.5;
        double d = sy, ty = 0.5 * sy - 0.5;
        if (tx < 0 || ty < 0 || a * (ow - 1) + tx > w - 1 || d * (oh - 1) + ty > h - 1) {
            resampleClamped(src, c, h, w, dst, oh, ow, a, tx, d, ty);
        } else {
            resample(src, c, h, w, dst, oh, ow, a, 0, tx, 0, d, ty);
        }
    }

    /** Axis-aligned bilinear sampling with coordinates clamped into the image (upsampling edges). */
    private static void resampleClamped(float[] src, int c, int h, int w, float[] dst, int oh, int ow,
            double a, double tx, double d, double ty) {
        for (int y = 0; y < oh; y++) {
            double syd = Math.clamp(d * y + ty, 0, h - 1);
            int y0 = (int) syd;
            int y1 = Math.min(y0 + 1, h - 1);
            float fy = (float) (syd - y0);
            for (int x = 0; x < ow; x++) {
                double sxd = Math.clamp(a * x + tx, 0, w - 1);
                int x0 = (int) sxd;
                int x1 = Math.min(x0 + 1, w - 1);
                float fx = (float) (sxd - x0);
                for (int ch = 0; ch < c; ch++) {
                    int pl = ch * h * w;
                    float top = src[pl + y0 * w + x0] * (1 - fx) + src[pl + y0 * w + x1] * fx;
                    float bot = src[pl + y1 * w + x0] * (1 - fx) + src[pl + y1 * w + x1] * fx;
                    dst[ch * oh * ow + y * ow + x] = top * (1 - fy) + bot * fy;
                }
            }
        }
    }
}

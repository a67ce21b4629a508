package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformTest {

    private static Tensor random(long seed, int c, int h, int w) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        return Tensor.of(d, c, h, w);
    }

    private static Tensor copy(Tensor t) {
        return Tensor.of(t.toArray(), t.shape().toArray());
    }

    /** Plain bilinear sampling with zeros outside: the reference for Affine.resample. */
    private static float sample(Tensor img, int ch, double sx, double sy) {
        int h = img.shape().dim(1), w = img.shape().dim(2);
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        double fx = sx - x0, fy = sy - y0;
        double v = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                int x = x0 + dx, y = y0 + dy;
                if (x >= 0 && x < w && y >= 0 && y < h) {
                    v += (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy) * img.get(ch, y, x);
                }
            }
        }
        return (float) v;
    }

    @Test
    void vectorResamplingMatchesThePlainReference() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] sizes = {{1, 5, 7}, {3, 13, 17}, {2, 32, 32}, {1, 1, 1}, {4, 9, 31}};
        for (int[] s : sizes) {
            Tensor img = random(s[0] * 100 + s[1], s[0], s[1], s[2]);
            int oh = 1 + r.nextInt(40), ow = 1 + r.nextInt(40);
            double a = r.nextDouble(-2, 2), b = r.nextDouble(-2, 2), tx = r.nextDouble(-5, 5);
            double c = r.nextDouble(-2, 2), d = r.nextDouble(-2, 2), ty = r.nextDouble(-5, 5);
            float[] out = new float[s[0] * oh * ow];
            Affine.resample(img.toArray(), s[0], s[1], s[2], out, oh, ow, a, b, tx, c, d, ty);
            for (int ch = 0; ch < s[0]; ch++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        float expected = sample(img, ch, a * x + b * y + tx, c * x + d * y + ty);
                        assertEquals(expected, out[(ch * oh + y) * ow + x], 1e-4f, "at " + ch + "," + y + "," + x);
                    }
                }
            }
        }
    }

    @Test
    void rotationByNinetyDegreesMovesPixelsExactly() {
        Tensor img = random(1, 2, 5, 5);
        Tensor rot = Affine.rotateZoom(copy(img), Math.PI / 2, 1, "test");
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 5; x++) {
                    assertEquals(img.get(ch, 4 - x, y), rot.get(ch, y, x), 1e-5f);
                }
            }
        }
        assertArrayEquals(img.toArray(), Transform.randomRotation(0).apply(copy(img), new SplittableRandom(1))
                .toArray(), 1e-6f);
        assertArrayEquals(img.toArray(), Transform.randomScale(1, 1).apply(copy(img), new SplittableRandom(1))
                .toArray(), 1e-6f);
    }

    @Test
    void resizeAveragesBlocksWhenHalvingAndKeepsConstants() {
        Tensor img = Tensor.of(new float[] {0, 2, 4, 6, 2, 4, 6, 8, 10, 10, 0, 0, 10, 10, 0, 0}, 1, 4, 4);
        Tensor half = Transform.resize(2, 2).apply(img, new SplittableRandom(0));
        assertArrayEquals(new float[] {2, 6, 10, 0}, half.toArray(), 1e-6f);
        Tensor ones = Tensor.of(new float[] {3, 3, 3, 3, 3, 3}, 2, 1, 3);
        Tensor up = Transform.resize(5, 7).apply(ones, new SplittableRandom(0));
        assertArrayEquals(new int[] {2, 5, 7}, up.shape().toArray());
        for (float v : up.toArray()) {
            assertEquals(3f, v, 1e-6f);
        }
    }

    @Test
    void flipShiftAndCropMovePixelsWithZeroFill() {
        Tensor img = random(2, 3, 6, 8);
        Tensor flipped = Transform.horizontalFlip(1).apply(copy(img), new SplittableRandom(0));
        assertEquals(img.get(2, 3, 0), flipped.get(2, 3, 7));
        assertArrayEquals(img.toArray(), Transform.horizontalFlip(1).apply(flipped, new SplittableRandom(0)).toArray());

        for (long seed = 0; seed < 20; seed++) {
            Tensor s = Transform.randomShift(2, 1).apply(copy(img), new SplittableRandom(seed));
            assertTrue(isWindow(img, s, 2, 1), "shift result is not a shifted copy (seed " + seed + ")");
            Tensor c = Transform.randomCrop(6, 8, 3).apply(copy(img), new SplittableRandom(seed));
            assertTrue(isWindow(img, c, 3, 3), "crop result is not a window of the padded image");
            Tensor small = Transform.randomCrop(4, 5, 0).apply(copy(img), new SplittableRandom(seed));
            assertArrayEquals(new int[] {3, 4, 5}, small.shape().toArray());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Transform.randomCrop(20, 5, 1).apply(copy(img), new SplittableRandom(0)));
        assertThrows(IllegalArgumentException.class,
                () -> Transform.horizontalFlip(1).apply(Tensor.of(new float[4], 2, 2), new SplittableRandom(0)));
    }

    /** True when out(c, y, x) == in(c, y + oy, x + ox) (0 outside) for some |oy| <= my, |ox| <= mx. */
    private static boolean isWindow(Tensor in, Tensor out, int mx, int my) {
        int c = out.shape().dim(0), h = out.shape().dim(1), w = out.shape().dim(2);
        for (int oy = -my; oy <= my; oy++) {
            for (int ox = -mx; ox <= mx; ox++) {
                boolean ok = true;
                for (int ch = 0; ch < c && ok; ch++) {
                    for (int y = 0; y < h && ok; y++) {
                        for (int x = 0; x < w && ok; x++) {
                            int sy = y + oy, sx = x + ox;
                            float e = sy >= 0 && sy < in.shape().dim(1) && sx >= 0 && sx < in.shape().dim(2)
                                    ? in.get(ch, sy, sx) : 0f;
                            ok = e == out.get(ch, y, x);
                        }
                    }
                }
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void photometricTransformsAndNormalization() {
        Tensor img = random(3, 2, 4, 4);
        float[] before = img.toArray();
        Tensor b = Transform.brightness(0.5).apply(copy(img), new SplittableRandom(4));
        float delta = b.toArray()[0] - before[0];
        assertTrue(Math.abs(delta) <= 0.5f && delta != 0);
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i] + delta, b.toArray()[i], 1e-6f);
        }
        Tensor c = Transform.contrast(2, 2).apply(copy(img), new SplittableRandom(4));
        for (int ch = 0; ch < 2; ch++) {
            double m0 = 0, m1 = 0;
            for (int i = ch * 16; i < ch * 16 + 16; i++) {
                m0 += before[i];
                m1 += c.toArray()[i];
            }
            assertEquals(m0, m1, 1e-4, "contrast keeps each channel's mean");
        }
        Tensor n = Transform.normalize(new float[] {0.5f, 1}, new float[] {2, 4}).apply(copy(img), null);
        assertEquals((before[0] - 0.5f) / 2, n.toArray()[0], 1e-6f);
        assertEquals((before[16] - 1f) / 4, n.toArray()[16], 1e-6f);
        assertThrows(IllegalArgumentException.class,
                () -> Transform.normalize(new float[] {0}, new float[] {1}).apply(copy(img), null));
    }

    @Test
    void composedAugmentationIsReproducibleFromTheSeed() {
        Transform t = Transform.compose(Transform.randomCrop(8, 8, 2), Transform.horizontalFlip(0.5),
                Transform.randomRotation(15), Transform.randomScale(0.9, 1.1), Transform.contrast(0.8, 1.2))
                .then(Transform.normalize(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}));
        Tensor img = random(9, 3, 8, 8);
        float[] a = t.apply(copy(img), new SplittableRandom(11)).toArray();
        float[] b = t.apply(copy(img), new SplittableRandom(11)).toArray();
        float[] c = t.apply(copy(img), new SplittableRandom(12)).toArray();
        assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, c));
    }
}

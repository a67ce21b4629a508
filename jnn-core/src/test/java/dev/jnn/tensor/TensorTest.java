package dev.jnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void creation() {
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toArray());
        assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, Tensor.arange(1, 3, 0.5f).toArray());
        assertArrayEquals(new float[] {7, 7}, Tensor.full(7, 2).toArray());
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(3, 1).toArray());
        Tensor m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(Shape.of(2, 3), m.shape());
        assertEquals(6f, m.get(1, 2));
        Tensor c = Tensor.of(new float[][][] {{{1, 2}}, {{3, 4}}});
        assertEquals(Shape.of(2, 1, 2), c.shape());
        assertEquals(3f, c.get(1, 0, 0));
        assertEquals(2.5f, Tensor.scalar(2.5f).item());
        assertEquals(0, Tensor.scalar(1).rank());
    }

    @Test
    void randomIsReproducibleFromTheSeed() {
        assertArrayEquals(Tensor.randn(3, 4, 5).toArray(), Tensor.randn(3, 4, 5).toArray());
        assertFalse(java.util.Arrays.equals(Tensor.randn(3, 20).toArray(), Tensor.randn(4, 20).toArray()));
        float[] u = Tensor.rand(9, 1000).toArray();
        double mean = 0;
        for (float v : u) {
            assertTrue(v >= 0 && v < 1);
            mean += v / u.length;
        }
        assertEquals(0.5, mean, 0.05);
        float[] n = Tensor.randn(9, 4000).toArray();
        assertEquals(1.0, Tensor.of(n, 4000).variance(1, false).item(), 0.1);
    }

    @Test
    void viewsShareDataWithoutCopying() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor t = x.transpose(0, 2);
        assertSame(x.data(), t.data());
        assertEquals(Shape.of(4, 3, 2), t.shape());
        assertEquals(x.get(1, 2, 3), t.get(3, 2, 1));
        assertFalse(t.isContiguous());
        Tensor s = x.slice(2, 1, 4, 2);
        assertSame(x.data(), s.data());
        assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23}, s.toArray());
        assertArrayEquals(new float[] {20, 21, 22, 23}, x.narrow(0, 1, 1).narrow(1, -1 + 3, 1).reshape(-1).toArray());
        Tensor p = x.permute(1, 2, 0);
        assertEquals(x.get(1, 0, 2), p.get(0, 2, 1));
        assertEquals(Shape.of(2, 1, 3, 4), x.unsqueeze(1).shape());
        assertEquals(Shape.of(2, 3, 4), x.unsqueeze(-1).squeeze().shape());
        Tensor e = Tensor.of(new float[] {1, 2, 3}, 3, 1).expand(3, 4);
        assertSame(e.data(), e.data());
        assertArrayEquals(new float[] {2, 2, 2, 2}, e.narrow(0, 1, 1).toArray());
        x.set(100, 0, 0, 1);
        assertEquals(100, s.get(0, 0, 0));
        Tensor ct = t.contiguous();
        assertTrue(ct.isContiguous());
        assertArrayEquals(t.toArray(), ct.toArray());
        assertEquals(Shape.of(6, 4), x.reshape(-1, 4).shape());
        assertThrows(IllegalArgumentException.class, () -> t.view(24));
        // views of non-contiguous tensors when the strides allow: split an axis of a column slice, add unit axes
        Tensor cols = Tensor.arange(24).reshape(6, 4).narrow(1, 1, 2);
        Tensor split = cols.view(2, 3, 1, 2);
        assertSame(cols.data(), split.data());
        assertArrayEquals(cols.toArray(), split.toArray());
        assertSame(t.data(), t.view(4, 1, 3, 2).data());
        assertArrayEquals(t.toArray(), t.view(4, 1, 3, 2).toArray());
        assertArrayEquals(t.toArray(), t.reshape(2, 2, 6).toArray());
        assertEquals(Shape.of(24), t.reshape(24).shape());
    }

    @Test
    void reshapeOfRandomViewsKeepsRowMajorOrder() {
        java.util.Random rnd = new java.util.Random(11);
        int[][] targets = {{-1}, {2, -1}, {-1, 2}, {2, 3, -1}, {1, -1, 1}, {3, 1, -1, 2}};
        int views = 0;
        for (int trial = 0; trial < 200; trial++) {
            Tensor x = Tensor.arange(48).reshape(2, 4, 6);
            int[] order = {0, 1, 2};
            for (int i = 2; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            Tensor v = x.permute(order).slice(rnd.nextInt(3), rnd.nextInt(2), 6, 1 + rnd.nextInt(2));
            for (int[] dims : targets) {
                Tensor r;
                try {
                    r = v.reshape(dims);
                } catch (IllegalArgumentException sizeMismatch) {
                    continue;
                }
                assertArrayEquals(v.toArray(), r.toArray(), "reshape " + java.util.Arrays.toString(dims) + " of "
                        + v.shape() + " strides " + java.util.Arrays.toString(v.strides()));
                views += r.data() == x.data() ? 1 : 0;
            }
        }
        assertTrue(views > 100, "most reshapes here can be views, got " + views);
    }

    @Test
    void broadcastingArithmeticAndErrors() {
        Tensor a = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensor.of(new float[] {10, 20, 30}, 3);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(b).toArray());
        Tensor col = Tensor.of(new float[] {1, 2}, 2, 1);
        assertArrayEquals(new float[] {0, 1, 2, 2, 3, 4}, a.sub(col).toArray());
        assertArrayEquals(new float[] {10, 10, 10, 5, 5, 5}, col.mul(-1).add(3).mul(5).expand(2, 3).toArray());
        assertArrayEquals(new float[] {1, 4, 9, 16, 25, 36}, a.pow(2).toArray());
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 1}, a.gt(2.5f).toArray());
        assertArrayEquals(new float[] {2, 2, 3, 4, 5, 6}, a.maximum(2).toArray());
        assertArrayEquals(new float[] {10, 10, 10, 10, 10, 10}, b.div(b).mul(10).expand(2, 3).toArray());
        // the transpose is broadcast in the strided path
        Tensor sq = Tensor.arange(9).reshape(3, 3);
        assertArrayEquals(new float[] {0, 4, 8, 4, 8, 12, 8, 12, 16}, sq.add(sq.t()).toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(4)));
        assertEquals("add: shapes [2, 3] and [4] cannot broadcast", e.getMessage());
    }

    @Test
    void reductionsAlongAxes() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        assertEquals(276f, x.sum().item());
        assertArrayEquals(new float[] {12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34}, x.sum(false, 0).toArray());
        assertEquals(Shape.of(2, 1, 4), x.sum(true, 1).shape());
        assertArrayEquals(new float[] {60, 66, 72, 78}, x.sum(false, 0, 1).toArray());
        assertArrayEquals(new float[] {1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f}, x.mean(false, -1).toArray());
        assertArrayEquals(new float[] {20, 21, 22, 23}, x.max(false, 0, 1).toArray());
        assertEquals(0f, x.min().item());
        Tensor m = Tensor.of(new float[][] {{1, 9, 3}, {7, 2, 7}});
        assertArrayEquals(new float[] {1, 0}, m.argmax(1, false).toArray());
        assertArrayEquals(new float[] {1, 0, 1}, m.argmax(0, false).toArray());
        // two-pass variance stays exact where E[x²]−E[x]² loses everything
        Tensor big = Tensor.of(new float[] {1e4f + 1, 1e4f + 2, 1e4f + 3, 1e4f + 4}, 4);
        assertEquals(1.25f, big.variance(0, false).item(), 1e-6f);
        assertEquals(5f / 3, big.variance(1, false).item(), 1e-6f);
        assertArrayEquals(new float[] {1.25f, 1.25f}, Tensor.arange(8).reshape(2, 4).variance(0, false, 1).toArray());
    }

    @Test
    void matmulReadsTransposedViewsInPlaceAndBatches() {
        Tensor a = Tensor.randn(1, 5, 7);
        Tensor b = Tensor.randn(2, 7, 3);
        assertClose(naive(a, b), a.matmul(b));
        Tensor at = Tensor.randn(3, 7, 5).t();
        Tensor bt = Tensor.randn(4, 3, 7).t();
        assertClose(naive(at, bt), at.matmul(bt));
        Tensor batchA = Tensor.randn(5, 2, 4, 5, 7);
        Tensor batchB = Tensor.randn(6, 7, 3);
        Tensor y = batchA.matmul(batchB);
        assertEquals(Shape.of(2, 4, 5, 3), y.shape());
        assertClose(naive(batchA.narrow(0, 1, 1).narrow(1, 2, 1).reshape(5, 7), batchB), y.narrow(0, 1, 1).narrow(1, 2, 1).reshape(5, 3));
        assertEquals(Shape.of(3), Tensor.randn(1, 7).matmul(b).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> a.matmul(a));
        assertEquals("matmul: shapes [5, 7] and [5, 7] are incompatible: inner dimensions 7 and 5 differ", e.getMessage());
    }

    private static Tensor naive(Tensor a, Tensor b) {
        int m = a.dim(0);
        int k = a.dim(1);
        int n = b.dim(1);
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.get(i, p) * b.get(p, j);
                }
                c[i * n + j] = (float) s;
            }
        }
        return Tensor.of(c, m, n);
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4f * (1 + Math.abs(e[i])), "at " + i);
        }
    }

    @Test
    void toStringLooksLikeNumpy() {
        assertEquals("tensor([[0., 1., 2.],\n        [3., 4., 5.]], shape=[2, 3])",
                Tensor.arange(6).reshape(2, 3).toString());
        assertEquals("tensor([ 0.5000, -1.2500], shape=[2])", Tensor.of(new float[] {0.5f, -1.25f}, 2).toString());
        assertEquals("tensor(3., shape=[])", Tensor.scalar(3).toString());
        String big = Tensor.arange(2000).reshape(40, 50).toString();
        assertTrue(big.startsWith("tensor([[   0.,    1.,    2., ...,   47.,   48.,   49.],\n        [  50.,"), big);
        assertTrue(big.contains("...,\n"), big);
        assertTrue(big.endsWith("1999.]], shape=[40, 50])"), big);
        String cube = Tensor.arange(8).reshape(2, 2, 2).toString();
        assertEquals("tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]], shape=[2, 2, 2])", cube);
    }

    @Test
    void inPlaceUpdates() {
        Tensor w = Tensor.ones(2, 2);
        w.addInPlace(Tensor.of(new float[] {1, 2}, 2), -0.5f);
        assertArrayEquals(new float[] {0.5f, 0, 0.5f, 0}, w.toArray());
        w.mulInPlace(2).fill(3);
        assertArrayEquals(new float[] {3, 3, 3, 3}, w.toArray());
        assertThrows(IllegalStateException.class, () -> w.t().addInPlace(w, 1));
        assertThrows(IllegalStateException.class, () -> w.item());
    }
}

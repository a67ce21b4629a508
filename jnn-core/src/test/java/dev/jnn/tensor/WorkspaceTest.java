package dev.jnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkspaceTest {

    @Test
    void arraysTakenInsideAScopeAreReusedByTheNextOne() {
        float[] first;
        try (var w = Workspace.open()) {
            assertTrue(Workspace.isActive());
            first = Tensor.zeros(1234, 3).data();
        }
        assertFalse(Workspace.isActive());
        try (var w = Workspace.open()) {
            Tensor again = Tensor.zeros(1234, 3);
            assertSame(first, again.data());
            assertArrayEquals(new float[3702], again.data(), "a recycled zeros() must be zeroed again");
        }
        assertNotSame(first, Tensor.zeros(1234, 3).data(), "outside a workspace arrays are plain new ones");
    }

    @Test
    void indexArraysAreRecycledToo() {
        int[] first;
        try (var w = Workspace.open()) {
            first = Workspace.intArray(4321);
        }
        try (var w = Workspace.open()) {
            assertSame(first, Workspace.intArray(4321));
            assertNotSame(first, Workspace.intArray(4321), "one array is handed out once per scope");
        }
    }

    @Test
    void unpooledAndKeptTensorsSurviveTheScope() {
        Tensor kept;
        Tensor param;
        try (var w = Workspace.open()) {
            Tensor t = Tensor.arange(777).mul(2);
            kept = Workspace.keep(t);
            param = Workspace.unpooled(() -> Tensor.ones(777));
        }
        try (var w = Workspace.open()) {
            Tensor.full(-1, 777);
            Tensor.full(-1, 777);
        }
        assertEquals(1552f, kept.get(776));
        assertEquals(1f, param.get(3));
    }

    @Test
    void nestedScopesCloseInOrder() {
        var outer = Workspace.open();
        var inner = Workspace.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
        assertFalse(Workspace.isActive());
    }

    @Test
    void transposedMatmulReadsTheViewWithoutCopying() {
        Tensor a = Tensor.randn(1, 40, 30);
        Tensor b = Tensor.randn(2, 50, 40);
        try (var w = Workspace.open()) {
            a.t().matmul(b.t());     // [30, 40] · [40, 50], both operands transposed views
            assertEquals(1, w.arraysTaken(), "only the output array may be allocated");
            a.t().add(1).matmul(b.t()); // the sum is a new contiguous array: output + sum
            assertEquals(3, w.arraysTaken());
        }
    }

    @Test
    void manyDistinctLengthsAreEachRecycled() {
        // more lengths than the pool's first table holds, colliding ones included (multiples of a power of two)
        int[] lengths = new int[200];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 64 * (i + 1) + i % 2; // distinct; the even ones are multiples of 64
        }
        float[][] first = new float[lengths.length][];
        try (var w = Workspace.open()) {
            for (int i = 0; i < lengths.length; i++) {
                first[i] = Tensor.empty(Shape.of(lengths[i])).data();
            }
        }
        int pooled = Workspace.pooledArrays();
        assertTrue(pooled >= lengths.length, "pooled " + pooled);
        long fresh = Workspace.freshArrays();
        try (var w = Workspace.open()) {
            for (int i = lengths.length - 1; i >= 0; i--) {
                assertSame(first[i], Tensor.empty(Shape.of(lengths[i])).data(), "length " + lengths[i]);
            }
            assertEquals(pooled - lengths.length, Workspace.pooledArrays());
        }
        assertEquals(fresh, Workspace.freshArrays());
        assertEquals(pooled, Workspace.pooledArrays());
    }
}

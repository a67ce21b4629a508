package dev.jnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Handing arrays back before the workspace closes: {@link Workspace#release}, marks and saved arrays. */
class WorkspaceReleaseTest {

    @Test
    void aReleasedArrayIsTheNextOneOfItsLength() {
        try (var w = Workspace.open()) {
            Tensor a = Tensor.empty(Shape.of(2345));
            assertTrue(Workspace.release(a));
            Tensor b = Tensor.zeros(2345);
            assertSame(a.data(), b.data(), "the released array is reused within the same step");
            assertEquals(0f, b.data()[17], "zeros() clears a reused array");
            assertNotSame(b.data(), Tensor.empty(Shape.of(2345)).data(), "one array is handed out once at a time");
        }
    }

    @Test
    void aReleasedArrayReturnsToThePoolOnlyOnce() {
        try (var w = Workspace.open()) {
            Tensor a = Tensor.empty(Shape.of(3456));
            assertTrue(Workspace.release(a));
            assertFalse(Workspace.release(a), "a second release finds nothing to hand back");
        }
        try (var w = Workspace.open()) {
            float[] first = Tensor.empty(Shape.of(3456)).data();
            float[] second = Tensor.empty(Shape.of(3456)).data();
            assertNotSame(first, second, "close must not have queued the released array twice");
        }
    }

    @Test
    void savedArraysParametersAndOutsideArraysAreNotReleased() {
        Tensor parameter = Tensor.zeros(4567);
        try (var w = Workspace.open()) {
            Tensor saved = Tensor.empty(Shape.of(4567));
            Workspace.markSaved(saved);
            assertTrue(Workspace.isSaved(saved));
            assertFalse(Workspace.release(saved), "a backward rule reads it");
            assertFalse(Workspace.release(parameter), "not taken from the workspace");
            Tensor kept = Workspace.unpooled(() -> Tensor.zeros(4567));
            assertFalse(Workspace.release(kept), "unpooled arrays outlive the workspace");
        }
        try (var w = Workspace.open()) {
            Tensor reused = Tensor.empty(Shape.of(4567));
            assertFalse(Workspace.isSaved(reused), "marks end with the workspace");
            assertTrue(Workspace.release(reused));
        }
        assertFalse(Workspace.release(parameter), "no workspace open");
    }

    @Test
    void releaseSinceAMarkLeavesEarlierArraysAlone() {
        try (var w = Workspace.open()) {
            Tensor before = Tensor.empty(Shape.of(5678));
            int mark = Workspace.mark();
            Tensor after = Tensor.empty(Shape.of(5678));
            assertFalse(Workspace.releaseSince(mark, before));
            assertTrue(Workspace.releaseSince(mark, after));
            assertTrue(Workspace.release(before));
        }
    }

    @Test
    void releasingLowersThePeak() {
        int n = 6789;
        try (var w = Workspace.open()) {
            Workspace.resetPeak();
            long base = Workspace.peakFloats();
            Tensor x = Tensor.empty(Shape.of(n));
            for (int i = 0; i < 10; i++) {
                Tensor y = Tensor.empty(Shape.of(n));
                Workspace.release(x);
                x = y;
            }
            assertEquals(2L * n, Workspace.peakFloats() - base, "a chain that releases holds two arrays at a time");
            Workspace.resetPeak();
            for (int i = 0; i < 10; i++) {
                Tensor.empty(Shape.of(n));
            }
            assertEquals(11L * n, Workspace.peakFloats() - base, "without releases every array stays out");
        }
    }
}

package dev.jnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.data.Transform;
import dev.jnn.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationSpecTest {

    @Test
    void aShiftMovesTheImageByWholePixelsWithinTheLimit() {
        Transform shift = AugmentationSpec.parse("shift=1", 7, 7);
        var rng = new SplittableRandom(5);
        boolean moved = false;
        for (int i = 0; i < 20; i++) {
            float[] pixels = new float[7 * 7];
            pixels[3 * 7 + 3] = 1f;
            // A fresh image each time: transforms may work in place on the loader's private copy.
            float[] out = shift.apply(Tensor.of(pixels, 1, 7, 7), rng).toArray();
            int at = -1;
            for (int j = 0; j < out.length; j++) {
                if (out[j] == 1f) {
                    at = j;
                }
            }
            assertTrue(Math.abs(at / 7 - 3) <= 1 && Math.abs(at % 7 - 3) <= 1, "moved too far: " + at);
            moved |= at != 3 * 7 + 3;
        }
        assertTrue(moved, "twenty shifts of up to one pixel never moved the image");
    }

    @Test
    void transformsComposeInTheOrderGivenAndKeepTheShape() {
        Tensor image = Tensor.ones(1, 8, 8);
        Transform t = AugmentationSpec.parse("crop=2, rotate=5,flip=0.5,scale=0.9:1.1", 8, 8);
        assertArrayEquals(new int[] {1, 8, 8}, t.apply(image, new SplittableRandom(1)).shape().toArray());
    }

    @Test
    void malformedSpecsNameThePartAndTheFix() {
        assertEquals("--augment: 'shift' is not NAME=VALUE; use " + AugmentationSpec.HELP,
                assertThrows(IllegalArgumentException.class, () -> AugmentationSpec.parse("shift", 8, 8))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AugmentationSpec.parse("shift=1.5", 8, 8))
                .getMessage().contains("shift needs a whole number of pixels, got '1.5'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AugmentationSpec.parse("scale=0.9", 8, 8))
                .getMessage().contains("scale needs a range MIN:MAX"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AugmentationSpec.parse("rotate=x", 8, 8))
                .getMessage().contains("rotate needs a number, got 'x'"));
    }
}

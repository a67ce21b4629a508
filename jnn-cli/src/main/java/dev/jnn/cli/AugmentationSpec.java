package dev.jnn.cli;

import dev.jnn.data.Transform;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code --augment} values such as {@code shift=2,rotate=10}: a comma-separated list of random training-time
 * transforms, applied in the order given to every training example as it is batched (never to the test split).
 */
final class AugmentationSpec {

    static final String HELP = "shift=P (random whole-pixel shift up to P), rotate=D (up to D degrees), flip=P"
            + " (left-right with probability P), scale=A:B (zoom factor in [A, B]), crop=P (pad P, crop back)";

    private AugmentationSpec() {}

    /**
     * The transform for {@code spec}; {@code height} and {@code width} are the image size that {@code crop} cuts back
     * to.
     *
     * @throws IllegalArgumentException naming the part that is not understood and what is accepted
     */
    static Transform parse(String spec, int height, int width) {
        List<Transform> parts = new ArrayList<>();
        for (String item : spec.split(",")) {
            String[] kv = item.trim().split("=", 2);
            if (kv.length != 2 || kv[1].isBlank()) {
                throw new IllegalArgumentException("--augment: '" + item + "' is not NAME=VALUE; use " + HELP);
            }
            String value = kv[1].trim();
            parts.add(switch (kv[0].trim()) {
                case "shift" -> Transform.randomShift(whole(value, "shift"), whole(value, "shift"));
                case "rotate" -> Transform.randomRotation(number(value, "rotate"));
                case "flip" -> Transform.horizontalFlip(number(value, "flip"));
                case "crop" -> Transform.randomCrop(height, width, whole(value, "crop"));
                case "scale" -> {
                    String[] range = value.split(":", 2);
                    if (range.length != 2) {
                        throw new IllegalArgumentException("--augment: scale needs a range MIN:MAX, e.g. scale=0.9:1.1;"
                                + " got '" + value + "'");
                    }
                    yield Transform.randomScale(number(range[0], "scale"), number(range[1], "scale"));
                }
                default -> throw new IllegalArgumentException("--augment: unknown transform '" + kv[0].trim()
                        + "'; known: " + HELP);
            });
        }
        return Transform.compose(parts.toArray(Transform[]::new));
    }

    private static int whole(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--augment: " + name + " needs a whole number of pixels, got '" + value
                    + "'");
        }
    }

    private static double number(String value, String name) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--augment: " + name + " needs a number, got '" + value + "'");
        }
    }
}

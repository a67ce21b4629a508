package dev.jnn.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.models.Zoo;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.MaxPool2d;
import dev.jnn.nn.Module;
import dev.jnn.nn.Network;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void lenet5HasThePublishedTotals() {
        for (Shape in : List.of(Shape.of(1, 28, 28), Shape.of(1, 32, 32))) {
            Summary s = Summary.of(Zoo.create("lenet5", in, 10), in);
            assertEquals(61_706, s.totalParams());
            assertEquals(61_706, s.trainableParams());
            assertEquals(416_520, s.totalMacs(), "published multiplications for " + in);
            String text = s.toString();
            assertTrue(text.contains("Total params: 61,706"), text);
            assertTrue(text.contains("Total mult-adds: 416,520 per example"), text);
            assertTrue(text.contains("Non-trainable params: 0"), text);
        }
        Summary s = Summary.of(Zoo.create("lenet5"), Shape.of(1, 28, 28));
        Summary.Row c1 = s.rows().get(0);
        assertEquals("0", c1.name());
        assertEquals(Shape.of(6, 28, 28), c1.outputShape());
        assertEquals(156, c1.params());
        assertEquals(117_600, c1.macs());
        assertEquals(4L * 6 * 28 * 28, c1.activationBytes());
        assertEquals(Shape.of(10), s.outputShape());
        assertEquals(12, s.rows().size());
        long acts = 6 * 28 * 28 * 2 + 6 * 14 * 14 + 16 * 10 * 10 * 2 + 16 * 5 * 5 * 2 + 120 * 2 + 84 * 2 + 10;
        assertEquals(4 * acts, s.activationBytesPerExample());
        Summary.Memory m = s.forBatch(64);
        assertEquals(64L * 4 * 784, m.inputBytes());
        assertEquals(64 * 4 * acts, m.activationBytes());
        assertEquals(4L * 61_706, m.parameterBytes());
        assertEquals(4L * 61_706, m.gradientBytes());
        assertTrue(m.toString().startsWith("Memory for a batch of 64: input 196.0 KiB"), m.toString());
    }

    @Test
    void frozenParametersBuffersAndBranches() {
        Summary classic = Summary.of(Zoo.create("lenet5-classic"), Shape.of(1, 32, 32));
        assertEquals(60_840, classic.totalParams());
        assertEquals(60_000, classic.trainableParams());
        assertEquals(840, classic.nonTrainableParams());
        assertTrue(classic.toString().contains("Trainable params: 60,000"));

        Summary resnet = Summary.of(Zoo.create("resnet18"), Shape.of(3, 224, 224));
        assertEquals(11_689_512, resnet.totalParams());
        assertEquals(resnet.totalParams(), resnet.rows().stream().mapToLong(Summary.Row::params).sum());
        // torchvision's ResNet-18: 1.814 G multiply-accumulates in convolutions and the classifier at 224×224 (the
        // usual "1.8 GFLOPs"); batch normalization adds one per value (its scale)
        long convAndDense = resnet.rows().stream().filter(r -> !r.type().startsWith("BatchNorm"))
                .mapToLong(Summary.Row::macs).sum();
        assertEquals(1_814, convAndDense / 1_000_000);
        assertEquals(resnet.totalMacs() - convAndDense, resnet.rows().stream()
                .filter(r -> r.type().startsWith("BatchNorm")).mapToLong(r -> r.outputShape().size()).sum());
        assertTrue(resnet.bufferValues() > 0);
        assertTrue(resnet.toString().contains("Buffer values (not parameters): "));
        assertTrue(resnet.rows().stream().anyMatch(r -> r.name().endsWith("0.0.shortcut.0")), "projection listed");

        Summary g = Summary.of(Zoo.create("googlenet"), Shape.of(3, 224, 224));
        assertEquals(6_624_904, g.totalParams());
        assertEquals(Shape.of(1000), g.outputShape());
    }

    @Test
    void lazyLayersAreBuiltAndUnknownModulesRunOnce() {
        Module lazy = new Sequential(new Conv2d(8, 3), Activation.relu(), new MaxPool2d(2), new Flatten(),
                new Dense(10));
        Summary s = Summary.of(lazy, Shape.of(3, 10, 10));
        assertEquals(8 * 27 + 8 + 8 * 16 * 10 + 10, s.totalParams());
        assertEquals(8L * 64 * 27 + 128 * 10, s.totalMacs());

        var b = Network.builder();
        var x = b.input("x");
        var h = b.apply("dense", new Dense(4, 3), x);
        Network net = b.build(b.sum("twice", h, h));
        Summary n = Summary.of(new Sequential(new Flatten(), net), Shape.of(2, 2));
        assertEquals(Shape.of(3), n.outputShape());
        assertEquals(15, n.totalParams());
        assertFalse(n.rows().get(1).macsKnown());
        assertTrue(n.toString().contains("(layers marked ? not counted)"));
    }
}

package dev.jnn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.nn.LayerShapes;
import dev.jnn.nn.Module;
import dev.jnn.tensor.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every zoo model against its published parameter count (torchvision's for the ImageNet models, the papers' for
 * LeNet-5 and AlexNet-2012, PyTorch 1.13 re-implementations for the CIFAR ResNets) and its output shape, by shape
 * inference only (no forward pass; parameter values are never drawn).
 */
class ZooParameterCountTest {

    @ParameterizedTest(name = "{0}: {1} params")
    @CsvSource({
        "mlp, 266610",
        "lenet5, 61706",
        "lenet5-classic, 60840",
        "alexnet, 61100840",
        "alexnet-2012, 62378344",
        "vgg11, 132863336", "vgg13, 133047848", "vgg16, 138357544", "vgg19, 143667240",
        "vgg11-bn, 132868840", "vgg13-bn, 133053736", "vgg16-bn, 138365992", "vgg19-bn, 143678248",
        "googlenet, 6624904",
        "resnet18, 11689512", "resnet34, 21797672", "resnet50, 25557032", "resnet101, 44549160",
        "resnet152, 60192808",
        "resnet20, 269722", "resnet32, 464154", "resnet44, 658586", "resnet56, 853018", "resnet110, 1727962",
        "plain20, 269722", "plain32, 464154", "plain44, 658586", "plain56, 853018", "plain110, 1727962",
    })
    void parameterCountAndOutputShape(String name, long params) {
        Zoo.Entry e = Zoo.entry(name);
        Module m = e.create();
        assertEquals(params, m.parameterCount(), name);
        assertEquals(Shape.of(e.defaultClasses()), LayerShapes.outputShape(m, e.defaultInput()), name);
        assertTrue(m.parameters().stream().allMatch(p -> p.isPending()), "counting must not draw weights");
    }

    @Test
    void everyRegisteredNameIsCountedAbove() {
        Set<String> tested = new HashSet<>(List.of("mlp", "lenet5", "lenet5-classic", "alexnet", "alexnet-2012",
                "googlenet"));
        for (String v : List.of("11", "13", "16", "19")) {
            tested.add("vgg" + v);
            tested.add("vgg" + v + "-bn");
        }
        for (String r : List.of("18", "34", "50", "101", "152", "20", "32", "44", "56", "110")) {
            tested.add("resnet" + r);
        }
        for (String r : List.of("20", "32", "44", "56", "110")) {
            tested.add("plain" + r);
        }
        assertEquals(tested, new HashSet<>(Zoo.names()));
    }

    @Test
    void lenet5ClassicPerLayerCountsAreThePapers() {
        Module m = Zoo.create("lenet5-classic");
        List<Long> counts = m.children().values().stream().map(Module::parameterCount).filter(c -> c > 0).toList();
        // C1, S2, C3, S4, C5, F6, RBF
        assertEquals(List.of(156L, 12L, 1516L, 32L, 48120L, 10164L, 840L), counts);
        long trainable = m.trainableParameters().stream().mapToLong(p -> p.size()).sum();
        assertEquals(60000, trainable, "the paper's 60,000 trainable parameters (RBF centers fixed)");
        List<String> types = m.children().values().stream().filter(c -> c.parameterCount() > 0)
                .map(c -> c.getClass().getSimpleName()).toList();
        assertEquals(List.of("Conv2d", "TrainableSubsampling", "ConnectionTableConv2d", "TrainableSubsampling",
                "Conv2d", "Dense", "RbfOutput"), types);
    }

    @Test
    void otherInputShapesAndClasses() {
        assertEquals(Shape.of(7), LayerShapes.outputShape(Zoo.create("resnet18", Shape.of(3, 64, 64), 7),
                Shape.of(3, 64, 64)));
        assertEquals(Shape.of(5), LayerShapes.outputShape(Zoo.create("vgg11", Shape.of(1, 40, 48), 5),
                Shape.of(1, 40, 48)));
        assertEquals(Shape.of(10), LayerShapes.outputShape(Zoo.create("lenet5", Shape.of(1, 32, 32), 10),
                Shape.of(1, 32, 32)));
        assertEquals(61706, Zoo.create("lenet5", Shape.of(1, 32, 32), 10).parameterCount());
        assertEquals(Shape.of(3), LayerShapes.outputShape(Zoo.create("googlenet", Shape.of(3, 96, 96), 3),
                Shape.of(3, 96, 96)));
    }

    @Test
    void clearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("resnet19"));
        assertTrue(e.getMessage().contains("known: mlp, lenet5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("lenet5", Shape.of(28, 28), 10));
        assertTrue(e.getMessage().contains("[C, H, W]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("lenet5-classic", Shape.of(1, 64, 64), 10));
        assertTrue(e.getMessage().contains("32×32"), e.getMessage());
    }
}

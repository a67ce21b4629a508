package dev.jnn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.NoGrad;
import dev.jnn.data.IdxReader;
import dev.jnn.nn.LayerShapes;
import dev.jnn.nn.Module;
import dev.jnn.nn.Network;
import dev.jnn.nn.Parameter;
import dev.jnn.optim.Adam;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Small zoo models really run: forward and backward on batch 2, and LeNet-5 learns Fashion-MNIST a little. */
class ZooRunTest {

    private static Tensor loss(String name, Tensor out, int[] labels) {
        // lenet5-classic outputs squared RBF distances: the logits are their negation (see RbfOutput)
        return (name.equals("lenet5-classic") ? out.neg() : out).crossEntropy(labels);
    }

    @ParameterizedTest(name = "{0} on {1}x{2}x{3}")
    @CsvSource({
        "mlp, 1, 28, 28", "lenet5, 1, 28, 28", "lenet5-classic, 1, 32, 32", "resnet20, 3, 32, 32",
        "plain20, 3, 32, 32", "googlenet, 3, 48, 48", "resnet18, 3, 40, 40", "resnet50, 3, 32, 32",
    })
    void forwardAndBackwardOnBatchTwo(String name, int c, int h, int w) {
        Shape in = Shape.of(c, h, w);
        Module m = Zoo.create(name, in, 10);
        m.initialize(42);
        Tensor x = Tensor.randn(7, 2, c, h, w);
        Tensor y = m.forward(x);
        assertEquals(Shape.of(2, 10), y.shape());
        assertEquals(Shape.of(10), LayerShapes.outputShape(m, in), "shape rule agrees with the forward pass");
        Tensor l = loss(name, y, new int[] {3, 8});
        assertTrue(Float.isFinite(l.item()), name + " loss " + l.item());
        l.backward();
        for (Parameter p : m.trainableParameters()) {
            float[] g = p.grads();
            assertTrue(Arrays.stream(toDoubles(g)).allMatch(Double::isFinite), p.name());
        }
        long withGradient = m.trainableParameters().stream()
                .filter(p -> Arrays.stream(toDoubles(p.grads())).anyMatch(v -> v != 0)).count();
        assertEquals(m.trainableParameters().size(), withGradient, name + ": every trainable parameter gets a gradient");
    }

    private static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    @Test
    void googLeNetWithAuxiliaryClassifiersHasThreeOutputs() {
        Network net = GoogLeNet.withAuxiliaryClassifiers(Shape.of(3, 224, 224), 1000);
        assertEquals(13_004_888, net.parameterCount(), "torchvision's googlenet(aux_logits=True)");
        Network small = GoogLeNet.withAuxiliaryClassifiers(Shape.of(3, 48, 48), 5);
        small.initialize(3);
        List<Tensor> outs = small.forwardAll(Tensor.randn(1, 2, 3, 48, 48));
        assertEquals(3, outs.size());
        for (Tensor t : outs) {
            assertEquals(Shape.of(2, 5), t.shape());
        }
        // the paper's training loss: main + 0.3 · (aux1 + aux2)
        int[] labels = {1, 4};
        Tensor loss = outs.get(0).crossEntropy(labels)
                .add(outs.get(1).crossEntropy(labels).add(outs.get(2).crossEntropy(labels)).mul(0.3f));
        loss.backward();
        assertTrue(Arrays.stream(toDoubles(small.children().get("aux1").parameters().get(0).grads()))
                .anyMatch(v -> v != 0), "auxiliary classifiers are trained");
    }

    @Test
    void shortcutASubsamplesAndPadsChannels() {
        ShortcutA s = new ShortcutA(2, 4, 2);
        float[] v = new float[2 * 3 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        try (NoGrad g = NoGrad.enter()) {
            Tensor y = s.forward(Tensor.of(v, 1, 2, 3, 3));
            assertEquals(Shape.of(1, 4, 2, 2), y.shape());
            assertEquals(Shape.of(4, 2, 2), s.outputShape(Shape.of(2, 3, 3)));
            assertEquals(0, y.get(0, 0, 1, 1));
            assertEquals(1, y.get(0, 1, 0, 0));
            assertEquals(9, y.get(0, 1, 1, 1));
            assertEquals(12, y.get(0, 2, 0, 1));
            assertEquals(0, y.get(0, 3, 0, 0));
        }
    }

    @Test
    void lenet5LearnsFashionMnist() throws IOException {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        Assumptions.assumeTrue(Files.exists(images) && Files.exists(labels), "Fashion-MNIST not installed");
        int n = 2000;
        int batch = 50;
        Tensor all = IdxReader.images(images);
        int[] allLabels = IdxReader.labels(labels);
        Tensor x = all.narrow(0, 0, n).contiguous();
        int[] y = Arrays.copyOf(allLabels, n);
        Module model = Zoo.create("lenet5");
        model.initialize(1);
        Adam adam = new Adam(2e-3);
        double before = meanLoss(model, x, y, batch);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int b = 0; b < n; b += batch) {
                model.zeroGrad();
                model.forward(x.narrow(0, b, batch)).crossEntropy(Arrays.copyOfRange(y, b, b + batch)).backward();
                adam.step(model.trainableParameters());
            }
        }
        double after = meanLoss(model, x, y, batch);
        System.out.printf("lenet5 on 2,000 Fashion-MNIST images, 2 epochs of Adam: loss %.3f -> %.3f%n", before, after);
        assertTrue(before > 2.0 && after < 0.75 * before, "loss " + before + " → " + after);
    }

    private static double meanLoss(Module m, Tensor x, int[] y, int batch) {
        double sum = 0;
        int batches = 0;
        try (NoGrad g = NoGrad.enter()) {
            for (int b = 0; b < y.length; b += batch) {
                sum += m.forward(x.narrow(0, b, batch)).crossEntropy(Arrays.copyOfRange(y, b, b + batch)).item();
                batches++;
            }
        }
        return sum / batches;
    }
}

package dev.jnn.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jnn.autograd.ops.ConvOps;
import dev.jnn.autograd.ops.PoolOps;
import dev.jnn.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compares values and gradients with PyTorch's, read from {@code torch/golden.txt} (made by gen_golden.py). */
class TorchGoldenTest {

    private static final Map<String, Tensor> GOLDEN = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        var in = TorchGoldenTest.class.getResourceAsStream("/torch/golden.txt");
        assertNotNull(in, "torch/golden.txt is missing from the test resources");
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                int[] dims = f[1].equals("-") ? new int[0]
                        : java.util.Arrays.stream(f[1].split(",")).mapToInt(Integer::parseInt).toArray();
                float[] v = new float[f.length - 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.parseFloat(f[i + 2]);
                }
                GOLDEN.put(f[0], Tensor.of(v, dims));
            }
        }
    }

    private static Tensor input(String name) {
        return Tensor.of(GOLDEN.get(name).toArray(), GOLDEN.get(name).shape().toArray()).requiresGrad(true);
    }

    private static void assertMatches(String name, Tensor actual, float tolerance) {
        Tensor expected = GOLDEN.get(name);
        assertEquals(expected.shape(), actual.shape(), name);
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tolerance * (1 + Math.abs(e[i])), name + " at " + i);
        }
    }

    @Test
    void softmaxCrossEntropy() {
        Tensor logits = input("ce.logits");
        float[] l = GOLDEN.get("ce.labels").toArray();
        int[] labels = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            labels[i] = (int) l[i];
        }
        Tensor loss = logits.crossEntropy(labels);
        loss.backward();
        assertMatches("ce.loss", loss, 1e-6f);
        assertMatches("ce.grad", logits.grad(), 1e-6f);
    }

    @Test
    void conv2d() {
        Tensor x = input("conv.x");
        Tensor w = input("conv.w");
        Tensor b = input("conv.b");
        Tensor out = ConvOps.conv2d(x, w, b, 2, 1, 1, 2, 2, 1, 2);
        out.mul(GOLDEN.get("conv.r")).sum().backward();
        assertMatches("conv.out", out, 1e-5f);
        assertMatches("conv.gx", x.grad(), 1e-5f);
        assertMatches("conv.gw", w.grad(), 1e-5f);
        assertMatches("conv.gb", b.grad(), 1e-5f);
    }

    @Test
    void varianceOfValuesFarFromZero() {
        Tensor x = input("var.x");
        Tensor var = x.variance(1, false, 1);
        var.mul(GOLDEN.get("var.r")).sum().backward();
        // float32 inputs near 1000 carry absolute errors of ~6e-5, which the variance (~1) inherits
        assertMatches("var.out", var, 2e-4f);
        assertMatches("var.gx", x.grad(), 2e-4f);
    }

    @Test
    void batchedMatmulThenLogSoftmax() {
        Tensor a = input("mm.a");
        Tensor b = input("mm.b");
        Tensor out = a.matmul(b).logSoftmax(-1);
        out.mul(GOLDEN.get("mm.r")).sum().backward();
        assertMatches("mm.out", out, 1e-5f);
        assertMatches("mm.ga", a.grad(), 1e-5f);
        assertMatches("mm.gb", b.grad(), 1e-5f);
    }

    @Test
    void maxAndAveragePooling() {
        Tensor x = input("pool.x");
        Tensor max = x.maxPool2d(3, 2, 1);
        Tensor avg = PoolOps.avgPool2d(x, 3, 2, 1, false);
        max.mul(GOLDEN.get("pool.r1")).sum().add(avg.mul(GOLDEN.get("pool.r2")).sum()).backward();
        assertMatches("pool.max", max, 1e-6f);
        assertMatches("pool.avg", avg, 1e-6f);
        assertMatches("pool.gx", x.grad(), 1e-5f);
    }
}

package dev.jnn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jnn.autograd.NoGrad;
import dev.jnn.nn.BatchNorm;
import dev.jnn.nn.Module;
import dev.jnn.nn.Parameter;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zoo models against the same networks built in PyTorch 1.13 (zoo_golden.py, beside zoo_golden.txt in the test
 * resources): identical deterministic weights and inputs, logits compared. Checks padding, strides, the option-A
 * shortcut (subsampling and zero maps), batch normalization in eval mode, pooling and the Dense layouts.
 */
class ZooTorchGoldenTest {

    private static Map<String, float[]> golden() throws IOException {
        try (InputStream in = ZooTorchGoldenTest.class.getResourceAsStream("zoo_golden.txt")) {
            Map<String, float[]> out = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split(" ");
                float[] v = new float[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    v[i - 1] = Float.parseFloat(f[i]);
                }
                out.put(f[0], v);
            }
            return out;
        }
    }

    /** The weights of zoo_golden.py, in jnn's layouts. */
    private static void fill(Module model) {
        List<Parameter> ps = model.parameters();
        for (int k = 0; k < ps.size(); k++) {
            Parameter p = ps.get(k);
            int[] d = p.dims();
            boolean bnScale = p.owner() instanceof BatchNorm && p.localName().equals("weight");
            // fanIn in PyTorch's layout: conv [O, C, kh, kw] → C·kh·kw as in jnn; Dense [in, out] in jnn → in
            int fanIn = d.length == 2 ? d[0] : d.length > 2 ? p.size() / d[0] : 1;
            float[] v = new float[p.size()];
            for (int i = 0; i < v.length; i++) {
                double s = Math.sin(1.3 * k + 0.7 * i);
                v[i] = (float) (bnScale ? 1 + 0.1 * s : Math.sqrt(3.0 / fanIn) * s);
            }
            p.load(Tensor.of(v, d));
        }
    }

    @ParameterizedTest
    @CsvSource({"lenet5, 1, 28, 28", "resnet20, 3, 32, 32", "plain20, 3, 32, 32", "googlenet, 3, 56, 56"})
    void logitsMatchPyTorch(String name, int c, int h, int w) throws IOException {
        Module m = Zoo.create(name, Shape.of(c, h, w), 10);
        fill(m);
        m.eval();
        int n = 2 * c * h * w;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(0.05 * i);
        }
        float[] y;
        try (NoGrad g = NoGrad.enter()) {
            y = m.forward(Tensor.of(x, 2, c, h, w)).toArray();
        }
        float[] expected = golden().get(name);
        assertEquals(expected.length, y.length);
        double scale = Arrays.stream(toDoubles(expected)).map(Math::abs).max().orElse(1);
        for (int i = 0; i < y.length; i++) {
            assertEquals(expected[i], y[i], 2e-4 * scale, name + " logit " + i);
        }
    }

    private static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}

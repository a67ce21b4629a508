package dev.jnn.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;

/** The DJL side's registry, keyed by the same names as dev.jnn.bench.Workloads and bench/peers/torch_bench.py. */
final class DjlWorkloads {

    static final String GFLOPS = "GFLOP/s";

    /** A body to time and the work one call does; {@code minus}, if set, is timed too and its time subtracted. */
    record Timed(Runnable body, double work, Runnable minus, String note) {}

    /** One registered workload: its unit and a setup that allocates inputs in {@code manager}. */
    record Entry(String unit, java.util.function.Function<NDManager, Timed> setup) {}

    private DjlWorkloads() {}

    static Map<String, Entry> all() {
        var m = new LinkedHashMap<String, Entry>();
        for (int n : new int[] {256, 512, 1024, 2048}) {
            m.put("gemm-" + n, gemm(n, n, n));
        }
        m.put("gemm-64x784x300", gemm(64, 784, 300));
        m.put("gemm-256x784x300", gemm(256, 784, 300));
        m.put("gemm-256x300x100", gemm(256, 300, 100));
        m.put("conv3x3-64-fwd", conv(128, 64, 32, 32, 64, 3, 1, false));
        m.put("conv3x3-64-bwd", conv(128, 64, 32, 32, 64, 3, 1, true));
        m.put("conv5x5-lenet-fwd", conv(64, 1, 32, 32, 6, 5, 0, false));
        m.put("mlp-train-b64", DjlModels.mlp(64, true));
        m.put("mlp-train-b256", DjlModels.mlp(256, true));
        m.put("mlp-infer-b256", DjlModels.mlp(256, false));
        m.put("lenet5-train-b64", DjlModels.lenet5(64, true));
        m.put("lenet5-train-b256", DjlModels.lenet5(256, true));
        m.put("lenet5-infer-b256", DjlModels.lenet5(256, false));
        m.put("resnet20-train-b128", DjlModels.resnet20(128, true));
        m.put("resnet20-infer-b256", DjlModels.resnet20(256, false));
        return m;
    }

    private static Entry gemm(int m, int k, int n) {
        return new Entry(GFLOPS, manager -> {
            NDArray a = manager.randomUniform(-1f, 1f, new Shape(m, k));
            NDArray b = manager.randomUniform(-1f, 1f, new Shape(k, n));
            return new Timed(() -> a.matMul(b).close(), 2.0 * m * n * k / 1e9, null, "");
        });
    }

    private static Entry conv(int batch, int cin, int h, int w, int cout, int k, int pad, boolean backward) {
        return new Entry(GFLOPS, manager -> {
            NDArray x = manager.randomUniform(-1f, 1f, new Shape(batch, cin, h, w));
            NDArray wt = manager.randomUniform(-1f, 1f, new Shape(cout, cin, k, k));
            int outH = h + 2 * pad - k + 1;
            int outW = w + 2 * pad - k + 1;
            double gflop = 2.0 * batch * cout * outH * outW * cin * k * k / 1e9;
            Shape stride = new Shape(1, 1);
            Shape padding = new Shape(pad, pad);
            Shape dilation = new Shape(1, 1);
            Runnable forward = () -> Conv2d.conv2d(x, wt, null, stride, padding, dilation, 1).close();
            if (!backward) {
                return new Timed(forward, gflop, null, "");
            }
            NDArray gy = manager.randomUniform(-1f, 1f, new Shape(batch, cout, outH, outW));
            // DJL exposes no backward-only convolution, so time forward+backward through its autograd and subtract
            // the forward. Fresh detached leaves each call keep PyTorch from accumulating into old gradients.
            Runnable forwardBackward = () -> {
                NDArray xi = x.stopGradient();
                NDArray wi = wt.stopGradient();
                xi.setRequiresGradient(true);
                wi.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = Conv2d.conv2d(xi, wi, null, stride, padding, dilation, 1).singletonOrThrow();
                    JniUtils.backward((PtNDArray) y, (PtNDArray) gy, false, false);
                    y.close();
                }
                xi.close();
                wi.close();
            };
            return new Timed(forwardBackward, 2 * gflop, forward, "djl bwd time = (fwd+bwd via autograd) - fwd");
        });
    }
}

package dev.jnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jnn.kernel.Parallel;
import dev.jnn.models.Zoo;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Module;
import dev.jnn.nn.Parameter;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.nn.loss.Loss;
import dev.jnn.nn.loss.Target;
import dev.jnn.optim.Adam;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same bits whether the kernels run JIT-compiled by C2 or not. A Vector API operation whose
 * result the API leaves to the implementation ({@code reduceLanes(ADD)} sums lanes in another order once C2 compiles
 * it) computes differently after compilation than in the interpreter or C1, and since when that happens depends on
 * timing, one such call in LeNet's convolution made its weights differ from run to run. Here a child JVM limited to
 * C1 (no vector intrinsics: the Vector API's Java fallback runs) trains two small networks a few steps, and this JVM
 * must print the same fingerprint in every round while C2 compiles the kernels (with the bug, rounds 10-12 here
 * already differed).
 */
class ExecutionModeTest {

    @Test
    void compiledAndUncompiledKernelsGiveTheSameBits() throws Exception {
        String uncompiled = runChild("-XX:TieredStopAtLevel=1");
        for (int round = 0; round < 40; round++) {
            assertEquals(uncompiled, Workload.fingerprint(), "round " + round + " of this (C2-compiled) JVM");
        }
    }

    private static String runChild(String mode) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", mode,
                "-cp", System.getProperty("java.class.path"), Workload.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("child JVM " + command + " failed:\n" + out);
        }
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip(); // the JVM may print warnings first
    }

    /** Trains LeNet-5 and a sigmoid MLP (binary cross-entropy: log) three steps each with a fixed seed; prints a hash of every weight. */
    static final class Workload {

        public static void main(String[] args) {
            System.out.println(fingerprint());
        }

        static String fingerprint() {
            Parallel.setThreads(2);
            long lenet = train(Zoo.create("lenet5", Shape.of(1, 28, 28), 10), Shape.of(1, 28, 28), 8, Loss.crossEntropy());
            Module mlp = new Sequential(new Dense(37, 19), Activation.sigmoid(), new Dense(19, 10), Activation.softplus(),
                    new Dense(10, 10), Activation.sigmoid());
            long sigmoid = train(mlp, Shape.of(37), 13, Loss.binaryCrossEntropy());
            return Long.toHexString(lenet) + "-" + Long.toHexString(sigmoid);
        }

        private static long train(Module model, Shape example, int batch, Loss loss) {
            SplittableRandom random = new SplittableRandom(11);
            int[] dims = new int[example.rank() + 1];
            dims[0] = batch;
            System.arraycopy(example.toArray(), 0, dims, 1, example.rank());
            float[] xs = new float[batch * example.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) random.nextGaussian();
            }
            int[] labels = random.ints(batch, 0, 10).toArray();
            Tensor x = Tensor.of(xs, dims);
            model.initialize(5);
            Adam adam = new Adam(1e-2);
            List<Parameter> params = model.parameters();
            Target target = loss.name().startsWith("binary") ? Target.values(oneHot(labels)) : Target.labels(labels);
            for (int step = 0; step < 3; step++) {
                for (Parameter p : params) {
                    p.zeroGrad();
                }
                try (Workspace ws = Workspace.open()) {
                    loss.compute(model.forward(x), target).backward();
                }
                adam.step(params);
            }
            long hash = 17;
            for (Parameter p : params) {
                for (float v : p.values()) {
                    hash = hash * 31 + Float.floatToRawIntBits(v);
                }
            }
            return hash;
        }

        private static Tensor oneHot(int[] labels) {
            float[] t = new float[labels.length * 10];
            for (int i = 0; i < labels.length; i++) {
                t[i * 10 + labels[i]] = 1f;
            }
            return Tensor.of(t, labels.length, 10);
        }
    }
}

package dev.jnn.bench;

import dev.jnn.kernel.Conv2dKernel;
import dev.jnn.kernel.Conv2dShape;
import dev.jnn.kernel.Parallel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the two reference convolution workloads: a 3×3 64→64 convolution on 32×32 images (batch 128,
 * padding 1) and LeNet-5's first layer (5×5, 1→6, 32×32, batch 64). {@code backward} is input plus weight gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvBench {

    @Param({"conv3x3_64_32x32_b128", "lenet_c1_5x5_1to6_b64"})
    public String workload;

    @Param({"2"})
    public int threads;

    private Conv2dShape shape;
    private float[] input, weight, bias, output, gradOutput, gradInput, gradWeight, gradBias;

    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        shape = workload.startsWith("lenet") ? ConvQuick.SHAPES[1] : ConvQuick.SHAPES[0];
        Random rnd = new Random(0);
        input = ConvQuick.random(rnd, shape.inputSize());
        weight = ConvQuick.random(rnd, shape.weightSize());
        bias = ConvQuick.random(rnd, shape.outChannels());
        gradOutput = ConvQuick.random(rnd, shape.outputSize());
        output = new float[shape.outputSize()];
        gradInput = new float[shape.inputSize()];
        gradWeight = new float[shape.weightSize()];
        gradBias = new float[shape.outChannels()];
    }

    @Benchmark
    public float[] forward() {
        Conv2dKernel.forward(shape, input, weight, bias, output);
        return output;
    }

    @Benchmark
    public float[] backward() {
        Conv2dKernel.backwardInput(shape, gradOutput, weight, gradInput);
        Conv2dKernel.backwardWeight(shape, input, gradOutput, gradWeight, gradBias);
        return gradWeight;
    }
}

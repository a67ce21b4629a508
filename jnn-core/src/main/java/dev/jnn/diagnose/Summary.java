package dev.jnn.diagnose;

import dev.jnn.nn.LayerShapes;
import dev.jnn.nn.Module;
import dev.jnn.nn.Parameter;
import dev.jnn.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model summary in the spirit of Keras' {@code model.summary()}: for each layer (each leaf module, in execution
 * order) its dotted name, type, output shape of one example, parameter count, multiply-accumulates and activation
 * memory per example; then the totals. Computed by {@link LayerShapes} without running the model, so a summary of
 * VGG-19 takes milliseconds; lazy layers are built on the way.
 * <pre>{@code
 * System.out.println(Summary.of(model, Shape.of(1, 28, 28)));   // ... Total params: 61,706 ...
 * System.out.println(Summary.of(model, Shape.of(1, 28, 28)).forBatch(64));
 * }</pre>
 *
 * <p>Conventions. Parameters are the {@link Parameter}s (PyTorch's count, which torchvision's published numbers
 * use): buffers such as BatchNorm's running statistics are not parameters and are listed apart; non-trainable
 * parameters are frozen ones. Multiply-accumulates: see {@link dev.jnn.nn.ShapeInference} (weights times
 * activations; 1 MAC = 2 FLOPs); a layer whose count is unknown (a user layer without {@code ShapeInference}) shows
 * "?" and adds 0. Memory counts float32 values: activation memory is each layer's output (what training keeps for
 * backward); {@link #forBatch(int)} adds the input, parameters and their gradients.
 */
public final class Summary {

    /** One leaf layer. {@code activationBytes} is for one example. */
    public record Row(String name, String type, Shape outputShape, long params, long trainableParams, long macs,
                      boolean macsKnown, long activationBytes) {}

    /** Memory of a training step for a batch, in bytes (float32). */
    public record Memory(int batch, long inputBytes, long activationBytes, long parameterBytes, long gradientBytes) {

        public long totalBytes() {
            return inputBytes + activationBytes + parameterBytes + gradientBytes;
        }

        @Override
        public String toString() {
            return "Memory for a batch of " + String.format(Locale.ROOT, "%,d", batch) + ": input " + bytes(inputBytes)
                    + ", activations " + bytes(activationBytes) + ", parameters " + bytes(parameterBytes)
                    + ", gradients " + bytes(gradientBytes) + ", total " + bytes(totalBytes());
        }
    }

    private final Shape input;
    private final Shape output;
    private final List<Row> rows;
    private final long totalParams;
    private final long trainableParams;
    private final long bufferValues;

    private Summary(Shape input, Shape output, List<Row> rows, long totalParams, long trainableParams,
                    long bufferValues) {
        this.input = input;
        this.output = output;
        this.rows = List.copyOf(rows);
        this.totalParams = totalParams;
        this.trainableParams = trainableParams;
        this.bufferValues = bufferValues;
    }

    /** Summarizes {@code model} for inputs of shape {@code inputPerExample} (no batch axis, e.g. {@code [1, 28, 28]}). */
    public static Summary of(Module model, Shape inputPerExample) {
        if (model == null || inputPerExample == null) {
            throw new IllegalArgumentException("Summary.of: give a model and the input shape of one example");
        }
        List<Row> rows = new ArrayList<>();
        Shape out = LayerShapes.trace(model, inputPerExample, l -> {
            long p = 0;
            long t = 0;
            for (Parameter q : l.module().parameters()) {
                p += q.size();
                t += q.trainable() ? q.size() : 0;
            }
            rows.add(new Row(l.path().isEmpty() ? "(model)" : l.path(), l.module().describe(), l.output(), p, t,
                    l.macs(), l.macsKnown(), 4L * l.output().size()));
        });
        long total = 0;
        long trainable = 0;
        for (Parameter q : model.parameters()) {
            total += q.size();
            trainable += q.trainable() ? q.size() : 0;
        }
        long buffers = model.namedBuffers().values().stream().mapToLong(b -> b.size()).sum();
        return new Summary(inputPerExample, out, rows, total, trainable, buffers);
    }

    public List<Row> rows() {
        return rows;
    }

    public Shape inputShape() {
        return input;
    }

    public Shape outputShape() {
        return output;
    }

    public long totalParams() {
        return totalParams;
    }

    public long trainableParams() {
        return trainableParams;
    }

    public long nonTrainableParams() {
        return totalParams - trainableParams;
    }

    /** Values in buffers (running statistics): state, not parameters. */
    public long bufferValues() {
        return bufferValues;
    }

    /** Multiply-accumulates of one example (forward pass). */
    public long totalMacs() {
        return rows.stream().mapToLong(Row::macs).sum();
    }

    /** Bytes of all layer outputs for one example. */
    public long activationBytesPerExample() {
        return rows.stream().mapToLong(Row::activationBytes).sum();
    }

    /** Memory of a training step with batch {@code n}: input, activations, parameters, gradients of trainable ones. */
    public Memory forBatch(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Summary.forBatch: the batch size must be >= 1, got " + n);
        }
        return new Memory(n, 4L * n * input.size(), (long) n * activationBytesPerExample(), 4L * totalParams,
                4L * trainableParams);
    }

    @Override
    public String toString() {
        String[] head = {"Layer", "Type", "Output shape", "Params", "Mult-adds", "Memory"};
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            cells.add(new String[] {r.name(), r.type(), r.outputShape().toString(), num(r.params()),
                    r.macsKnown() ? num(r.macs()) : "?", bytes(r.activationBytes())});
        }
        int[] w = new int[head.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = head[i].length();
            for (String[] c : cells) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        w[1] = Math.min(w[1], 60);
        StringBuilder sb = new StringBuilder();
        line(sb, head, w);
        int width = 0;
        for (int x : w) {
            width += x + 2;
        }
        sb.append("-".repeat(width - 2)).append('\n');
        for (String[] c : cells) {
            line(sb, c, w);
        }
        sb.append("=".repeat(width - 2)).append('\n');
        sb.append("Input shape: ").append(input).append(" per example; output shape: ").append(output).append('\n');
        sb.append("Total params: ").append(num(totalParams)).append('\n');
        sb.append("Trainable params: ").append(num(trainableParams)).append('\n');
        sb.append("Non-trainable params: ").append(num(nonTrainableParams())).append('\n');
        if (bufferValues > 0) {
            sb.append("Buffer values (not parameters): ").append(num(bufferValues)).append('\n');
        }
        sb.append("Total mult-adds: ").append(num(totalMacs())).append(" per example")
                .append(rows.stream().allMatch(Row::macsKnown) ? "" : " (layers marked ? not counted)").append('\n');
        sb.append("Activation memory: ").append(bytes(activationBytesPerExample())).append(" per example\n");
        sb.append("Parameter memory: ").append(bytes(4L * totalParams)).append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] c, int[] w) {
        for (int i = 0; i < c.length; i++) {
            String s = c[i].length() > w[i] ? c[i].substring(0, w[i] - 1) + "…" : c[i];
            boolean right = i >= 3;
            String pad = " ".repeat(w[i] - s.length());
            sb.append(right ? pad + s : s + (i == c.length - 1 ? "" : pad));
            if (i < c.length - 1) {
                sb.append("  ");
            }
        }
        sb.append('\n');
    }

    static String num(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

package dev.jnn.nn;

import dev.jnn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A functional graph of modules with named nodes, several inputs and outputs, branches and skips (Keras' functional
 * API). Each node is an input, a module applied to a node, or a merge (concatenation, sum, product, or any function)
 * of nodes; a node can only use nodes made before it, so the graph is acyclic by construction.
 * <pre>{@code
 * var b = Network.builder();
 * var x = b.input("x");
 * var h = b.apply("conv", new Sequential(...), x);
 * var s = b.sum("skip", h, x);                       // residual
 * var y = b.apply("relu", Activation.relu(), s);
 * Network net = b.build(y);                          // net.forward(tensor)
 * }</pre>
 * Modules are children named after their nodes, so parameters read {@code "conv.0.weight"}. No parameters of its own.
 */
public final class Network extends Module {

    /** A node of the graph under construction; only valid with the builder that made it. */
    public record Node(String name, int index, Builder owner) {
        @Override
        public String toString() {
            return name;
        }
    }

    private sealed interface Step {
        String name();
        int[] inputs();
    }

    private record InputStep(String name, int[] inputs, int position) implements Step {}

    private record ModuleStep(String name, int[] inputs, Module module) implements Step {}

    private record MergeStep(String name, int[] inputs, String op, Function<List<Tensor>, Tensor> f) implements Step {}

    /** Builds a {@link Network}; each method adds one node and returns it. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private int inputCount;
        private boolean built;

        private Builder() {}

        /** A graph input; inputs are fed to {@link Network#forwardAll} in the order they are declared. */
        public Node input(String name) {
            return add(new InputStep(name, new int[0], inputCount++));
        }

        /** {@code module(input)}; the module becomes a child named {@code name}. */
        public Node apply(String name, Module module, Node input) {
            if (module == null) {
                throw new IllegalArgumentException("Network: node '" + name + "' has no module");
            }
            return add(new ModuleStep(name, indices(name, input), module));
        }

        /** The concatenation of {@code inputs} along {@code axis}. */
        public Node concat(String name, int axis, Node... inputs) {
            return merge(name, "concat(axis=" + axis + ")", ts -> Tensor.concat(axis, ts.toArray(new Tensor[0])),
                    inputs);
        }

        /** The concatenation of {@code inputs} along the channel axis 1. */
        public Node concat(String name, Node... inputs) {
            return concat(name, 1, inputs);
        }

        /** The elementwise sum of {@code inputs} (same shapes, or broadcastable). */
        public Node sum(String name, Node... inputs) {
            return merge(name, "sum", ts -> {
                Tensor acc = ts.get(0);
                for (int i = 1; i < ts.size(); i++) {
                    acc = acc.add(ts.get(i));
                }
                return acc;
            }, inputs);
        }

        /** The elementwise product of {@code inputs}. */
        public Node multiply(String name, Node... inputs) {
            return merge(name, "multiply", ts -> {
                Tensor acc = ts.get(0);
                for (int i = 1; i < ts.size(); i++) {
                    acc = acc.mul(ts.get(i));
                }
                return acc;
            }, inputs);
        }

        /** Any differentiable function of several nodes, printed as {@code op}. */
        public Node merge(String name, String op, Function<List<Tensor>, Tensor> f, Node... inputs) {
            if (inputs.length == 0) {
                throw new IllegalArgumentException("Network: merge node '" + name + "' needs at least one input");
            }
            return add(new MergeStep(name, indices(name, inputs), op, f));
        }

        /** The network computing {@code outputs} (in that order). The builder cannot be used afterwards. */
        public Network build(Node... outputs) {
            if (built) {
                throw new IllegalStateException("Network.Builder: build() was already called");
            }
            if (outputs.length == 0) {
                throw new IllegalArgumentException("Network.build: give at least one output node");
            }
            if (inputCount == 0) {
                throw new IllegalArgumentException("Network.build: the graph has no input; declare one with input(name)");
            }
            built = true;
            return new Network(List.copyOf(steps), inputCount, indices("output", outputs));
        }

        private Node add(Step step) {
            if (built) {
                throw new IllegalStateException("Network.Builder: build() was already called");
            }
            String name = step.name();
            if (name == null || name.isEmpty() || name.contains(".")) {
                throw new IllegalArgumentException("Network: node names must be non-empty without '.', got '" + name + "'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("Network: a node is already named '" + name + "'");
            }
            steps.add(step);
            return new Node(name, steps.size() - 1, this);
        }

        private int[] indices(String name, Node... nodes) {
            int[] idx = new int[nodes.length];
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] == null || nodes[i].owner() != this) {
                    throw new IllegalArgumentException("Network: node '" + name + "' uses "
                            + (nodes[i] == null ? "a null node" : "node '" + nodes[i].name() + "' of another builder"));
                }
                idx[i] = nodes[i].index();
            }
            return idx;
        }
    }

    private final List<Step> steps;
    private final int inputCount;
    private final int[] outputs;

    private Network(List<Step> steps, int inputCount, int[] outputs) {
        this.steps = steps;
        this.inputCount = inputCount;
        this.outputs = outputs;
        for (Step s : steps) {
            if (s instanceof ModuleStep m) {
                addModule(m.name(), m.module());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public int inputCount() {
        return inputCount;
    }

    public int outputCount() {
        return outputs.length;
    }

    /** For a network with one input and one output. */
    @Override
    public Tensor forward(Tensor input) {
        if (inputCount != 1 || outputs.length != 1) {
            throw new IllegalStateException(describe() + " has " + inputCount + " inputs and " + outputs.length
                    + " outputs; use forwardAll(inputs...)");
        }
        return forwardAll(input).get(0);
    }

    /** Feeds the inputs (in declaration order) and returns the outputs (in {@code build} order). */
    public List<Tensor> forwardAll(Tensor... inputs) {
        if (inputs.length != inputCount) {
            throw new IllegalArgumentException(describe() + " needs " + inputCount + " inputs, got " + inputs.length);
        }
        Tensor[] values = new Tensor[steps.size()];
        for (int i = 0; i < values.length; i++) {
            Step s = steps.get(i);
            int[] in = s.inputs();
            values[i] = switch (s) {
                case InputStep st -> inputs[st.position()];
                case ModuleStep st -> st.module().forward(values[in[0]]);
                case MergeStep st -> {
                    List<Tensor> args = new ArrayList<>(in.length);
                    for (int k : in) {
                        args.add(values[k]);
                    }
                    try {
                        yield st.f().apply(args);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("Network node '" + st.name() + "' (" + st.op()
                                + ") failed on inputs " + args.stream().map(t -> t.shape().toString()).toList() + ": "
                                + e.getMessage(), e);
                    }
                }
            };
        }
        List<Tensor> out = new ArrayList<>(outputs.length);
        for (int o : outputs) {
            out.add(values[o]);
        }
        return out;
    }

    /** The graph, one node per line: {@code name = op(inputs)}. */
    public String graph() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            String args = String.join(", ", Arrays.stream(s.inputs()).mapToObj(i -> steps.get(i).name()).toList());
            String op = switch (s) {
                case InputStep st -> "input #" + st.position();
                case ModuleStep st -> st.module().describe() + "(" + args + ")";
                case MergeStep st -> st.op() + "(" + args + ")";
            };
            sb.append(s.name()).append(" = ").append(op).append('\n');
        }
        sb.append("outputs: ").append(String.join(", ",
                Arrays.stream(outputs).mapToObj(i -> steps.get(i).name()).toList()));
        return sb.toString();
    }

    @Override
    public String describe() {
        return "Network(" + inputCount + " in, " + outputs.length + " out)";
    }
}

package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.GradCheck;
import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositionTest {

    @Test
    void residualAddsTheShortcut() {
        Dense body = new Dense(4, 4);
        Residual r = new Residual(body);
        Tensor x = Tensor.randn(1, 3, 4);
        assertArrayEquals(body.forward(x).add(x).toArray(), r.forward(x).toArray());
        assertEquals(List.of("body.weight", "body.bias"), List.copyOf(r.namedParameters().keySet()));
        Checks.gradients(new Residual(new Sequential(new Dense(4, 4), Activation.tanh()), new Dense(4, 4)),
                Tensor.randn(2, 3, 4));
        var e = assertThrows(IllegalArgumentException.class, () -> new Residual(new Dense(4, 5)).forward(x));
        assertTrue(e.getMessage().startsWith("Residual: body output [3, 5] and identity shortcut [3, 4] differ"),
                e.getMessage());
    }

    @Test
    void concatJoinsBranchesAlongChannels() {
        Concat c = new Concat(new Dense(4, 2), new Sequential(new Dense(4, 3), Activation.relu()), Activation.linear());
        Tensor x = Tensor.randn(3, 5, 4);
        Tensor y = c.forward(x);
        assertArrayEquals(new int[] {5, 9}, y.shape().toArray());
        assertArrayEquals(x.toArray(), y.narrow(1, 5, 4).contiguous().toArray());
        Checks.gradients(c, Tensor.randn(4, 2, 4));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Concat(0, new Dense(4, 2), new Dense(4, 3)).forward(x));
        assertTrue(e.getMessage().startsWith("Concat(axis=0): branch outputs [5, 2], [5, 3] must agree"),
                e.getMessage());
    }

    @Test
    void networkWithSkipMatchesTheResidualModule() {
        var b = Network.builder();
        var in = b.input("x");
        var h = b.apply("body", new Dense(4, 4), in);
        var s = b.sum("skip", h, in);
        var y = b.apply("act", Activation.tanh(), s);
        Network net = b.build(y);
        Sequential reference = new Sequential(new Residual(new Dense(4, 4)), Activation.tanh());
        reference.loadState(java.util.Map.of("0.body.weight", net.stateDict().get("body.weight"),
                "0.body.bias", net.stateDict().get("body.bias")));
        Tensor x = Tensor.randn(5, 3, 4);
        assertArrayEquals(reference.forward(x).toArray(), net.forward(x).toArray());
        assertEquals("""
                x = input #0
                body = Dense(4→4)(x)
                skip = sum(body, x)
                act = Tanh()(skip)
                outputs: act""", net.graph());
        Checks.gradients(net, Tensor.randn(6, 2, 4));
    }

    @Test
    void networkWithSeveralInputsAndOutputs() {
        var b = Network.builder();
        var image = b.input("image");
        var meta = b.input("meta");
        var f1 = b.apply("f1", new Dense(3, 2), image);
        var f2 = b.apply("f2", new Dense(2), meta);
        var joined = b.concat("joined", f1, f2);
        var head = b.apply("head", new Dense(1), joined);
        var gate = b.multiply("gate", f1, f2);
        Network net = b.build(head, gate);
        assertEquals(2, net.inputCount());
        Tensor x1 = Tensor.randn(1, 4, 3).requiresGrad(true);
        Tensor x2 = Tensor.randn(2, 4, 5).requiresGrad(true);
        List<Tensor> out = net.forwardAll(x1, x2);
        assertArrayEquals(new int[] {4, 1}, out.get(0).shape().toArray());
        assertArrayEquals(new int[] {4, 2}, out.get(1).shape().toArray());
        assertEquals(List.of("f1.weight", "f1.bias", "f2.weight", "f2.bias", "head.weight", "head.bias"),
                List.copyOf(net.namedParameters().keySet()));
        GradCheck.assertGradients(in -> {
            List<Tensor> o = net.forwardAll(in[0], in[1]);
            return o.get(0).sum().add(o.get(1).square().sum());
        }, x1, x2, ((Dense) net.children().get("head")).weight().tensor());
        var e = assertThrows(IllegalStateException.class, () -> net.forward(x1));
        assertTrue(e.getMessage().contains("use forwardAll"), e.getMessage());
    }

    @Test
    void builderRejectsForeignAndDuplicateNodes() {
        var b1 = Network.builder();
        var b2 = Network.builder();
        var x = b1.input("x");
        assertThrows(IllegalArgumentException.class, () -> b1.input("x"));
        var e = assertThrows(IllegalArgumentException.class, () -> b2.apply("d", new Dense(2), x));
        assertTrue(e.getMessage().contains("of another builder"), e.getMessage());
    }
}

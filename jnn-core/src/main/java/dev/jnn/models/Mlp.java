package dev.jnn.models;

import dev.jnn.nn.Dense;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Shape;

/**
 * A multilayer perceptron with ReLU hidden layers. {@link #create} is the classic 784-300-100-10 network of LeCun et
 * al. 1998 (§III.C.6, "2-hidden-layer fully connected") with ReLU instead of the paper's sigmoid:
 * Flatten → Dense(784→300) → ReLU → Dense(300→100) → ReLU → Dense(100→classes); 266,610 parameters on MNIST.
 */
public final class Mlp {

    private Mlp() {}

    /** Flatten, then hidden layers of 300 and 100 ReLU units, then {@code classes} outputs (logits). */
    public static Sequential create(Shape input, int classes) {
        return of(input, classes, 300, 100);
    }

    /** Flatten, one ReLU Dense layer per entry of {@code hidden}, then {@code classes} logits. */
    public static Sequential of(Shape input, int classes, int... hidden) {
        if (input == null || input.rank() < 1 || classes < 1) {
            throw new IllegalArgumentException("mlp: need an input shape and classes >= 1, got " + input + " and "
                    + classes);
        }
        Sequential s = new Sequential(new Flatten());
        int in = input.size();
        for (int h : hidden) {
            s.add(new Dense(in, h));
            s.add(Activation.relu());
            in = h;
        }
        return s.add(new Dense(in, classes));
    }
}

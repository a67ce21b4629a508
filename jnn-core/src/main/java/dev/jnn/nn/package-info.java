/**
 * Layers and models: {@link dev.jnn.nn.Module} (named parameters, buffers, children, train/eval, freezing, seeds,
 * state), {@link dev.jnn.nn.Parameter}, {@link dev.jnn.nn.Sequential}, the functional graph for branches and skips,
 * and the layers (Dense, normalization, dropout, shape; convolutions, pooling and padding; LeNet-5's connection-table
 * convolution, trainable subsampling and RBF output). {@link dev.jnn.nn.ShapeInference} and {@link
 * dev.jnn.nn.LayerShapes} give output shapes and multiply-accumulates without running kernels. Activations live in {@code nn.activation}, losses in
 * {@code nn.loss}, initializers in {@code nn.init}. Depends on tensor and autograd; Parameter implements
 * {@code optim.Trainable} so that optimizers can update it.
 */
package dev.jnn.nn;

/**
 * The hot loops of jnn on plain {@code float[]} arrays: GEMM, convolution, pooling, elementwise, softmax and
 * reductions, plus {@link dev.jnn.kernel.Parallel}, the one thread pool. Every fast kernel has a plain reference
 * version beside it that the tests compare against. Depends on the JDK only (the Vector API included).
 */
package dev.jnn.kernel;

/**
 * The hot loops of jnn on plain {@code float[]} arrays: GEMM, convolution, pooling, elementwise, softmax and
 * reductions, the fused passes around a dense layer's GEMMs ({@link dev.jnn.kernel.LinearEpilogue}) and of softmax
 * cross-entropy, plus {@link dev.jnn.kernel.Parallel}, the one thread pool. Every fast kernel has a plain reference
 * version beside it that the tests compare against. Depends on the JDK only (the Vector API included).
 */
package dev.jnn.kernel;

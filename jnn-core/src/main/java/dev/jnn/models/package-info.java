/**
 * The model zoo: published architectures as {@link dev.jnn.nn.Module} factories taking the input shape of one example
 * {@code [C, H, W]} and the number of classes, each tested against its published parameter count, and {@link
 * dev.jnn.models.Zoo}, the registry by command-line name. Models come uninitialized (weights are drawn on first use
 * from the model's seed; call {@code initialize(seed)}). Depends on nn.
 */
package dev.jnn.models;

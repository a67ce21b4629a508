/**
 * Losses: {@link dev.jnn.nn.loss.Loss} objects for trainers, {@link dev.jnn.nn.loss.Losses} functions on tensors,
 * and {@link dev.jnn.nn.loss.Target} (float values or integer labels). Depends on tensor and nn.activation.
 */
package dev.jnn.nn.loss;

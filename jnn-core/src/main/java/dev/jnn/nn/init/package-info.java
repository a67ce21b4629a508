/**
 * Weight initializers on plain {@code float[]} slices: zeros, constant, normal, uniform, truncated normal and the
 * variance-scaling family (LeCun, Glorot/Xavier, He/Kaiming), with fan-in/fan-out rules in {@link
 * dev.jnn.nn.init.Fans}. Randomness only from an explicit {@link java.util.random.RandomGenerator}. JDK only.
 */
package dev.jnn.nn.init;

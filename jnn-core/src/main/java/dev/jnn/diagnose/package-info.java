/**
 * Diagnostics: {@link dev.jnn.diagnose.Summary} (per-layer output shapes, parameters, multiply-accumulates and
 * memory, from shape inference alone). Depends on nn (and later train).
 */
package dev.jnn.diagnose;

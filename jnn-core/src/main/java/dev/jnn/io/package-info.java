/**
 * Saving and loading models: jnn's own checksummed model file ({@link dev.jnn.io.ModelFile}, with metadata and
 * provenance and optionally the optimizer state), safetensors for interop ({@link dev.jnn.io.Safetensors}), and atomic
 * file replacement ({@link dev.jnn.io.AtomicFile}). Loaders never use Java serialization or reflection; bad input is
 * always a {@link dev.jnn.io.ModelFileException}. May use nn, optim and tensor.
 */
package dev.jnn.io;

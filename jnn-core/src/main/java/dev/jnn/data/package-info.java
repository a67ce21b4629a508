/**
 * Data: {@link dev.jnn.data.Dataset}s held in memory or produced on demand, the {@link dev.jnn.data.DataLoader}
 * (batching, seeded shuffling, background prefetch, on-the-fly augmentation), train/validation and k-fold
 * {@link dev.jnn.data.Splits}, readers for IDX, CIFAR, CSV, image folders and NumPy files, well-known data sets by
 * name ({@link dev.jnn.data.KnownDatasets}) and image augmentation ({@link dev.jnn.data.Transform}).
 *
 * <p>Every reader reports bad input with one checked exception, {@link dev.jnn.data.DataFormatException}, naming the
 * file, the position and the problem; claimed sizes are checked against the file before anything is allocated.
 *
 * <p>Depends on {@code dev.jnn.tensor} only.
 */
package dev.jnn.data;

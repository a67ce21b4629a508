package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CIFAR-10 and CIFAR-100 binary batches ({@code data_batch_1.bin}, {@code train.bin}, ...): fixed-size
 * records of label byte(s) then 3×32×32 pixel bytes (red plane, green, blue). CIFAR-10 records are 3073 bytes
 * (label 0..9); CIFAR-100 records are 3074 (coarse label 0..19, fine label 0..99).
 *
 * <pre>{@code
 * TensorDataset train = CifarReader.cifar10(dir.resolve("data_batch_1.bin"), dir.resolve("data_batch_2.bin"));
 * // x: [20000, 3, 32, 32] in [0, 1]
 * }</pre>
 */
public final class CifarReader {

    private static final int PIXELS = 3 * 32 * 32;

    private CifarReader() {
    }

    /** Concatenates CIFAR-10 batch files. */
    public static TensorDataset cifar10(Path... files) throws IOException {
        return read(files, 1, 0, 10);
    }

    /** Concatenates CIFAR-100 files, with the fine (100 classes) or coarse (20 superclasses) labels. */
    public static TensorDataset cifar100(boolean fine, Path... files) throws IOException {
        return read(files, 2, fine ? 1 : 0, fine ? 100 : 20);
    }

    private static TensorDataset read(Path[] files, int labelBytes, int labelIndex, int classes) throws IOException {
        if (files.length == 0) {
            throw new IllegalArgumentException("CifarReader: give at least one batch file");
        }
        int record = labelBytes + PIXELS;
        long total = 0;
        for (Path f : files) {
            long size = Io.size(f);
            if (size == 0 || size % record != 0) {
                throw DataFormatException.atByte(f, size - size % record, "file of " + size
                        + " bytes is not a whole number of " + record + "-byte CIFAR-" + (labelBytes == 1 ? "10" : "100")
                        + " records");
            }
            total += size / record;
        }
        if (total * PIXELS > Io.MAX_ARRAY) {
            throw new IllegalArgumentException("CifarReader: " + total + " images do not fit in one tensor");
        }
        float[] x = new float[(int) (total * PIXELS)];
        int[] y = new int[(int) total];
        int n = 0;
        List<Path> list = new ArrayList<>(List.of(files));
        for (Path f : list) {
            byte[] bytes = Io.readAll(f);
            if (bytes.length % record != 0) {
                throw DataFormatException.atByte(f, bytes.length, "file changed while reading");
            }
            for (int off = 0; off < bytes.length; off += record, n++) {
                int label = bytes[off + labelIndex] & 0xff;
                if (label >= classes) {
                    throw DataFormatException.atByte(f, off + labelIndex, "label " + label + " is outside 0.."
                            + (classes - 1));
                }
                y[n] = label;
                Io.toUnitFloats(bytes, off + labelBytes, x, n * PIXELS, PIXELS);
            }
        }
        return TensorDataset.of(Tensor.of(x, n, 3, 32, 32), y);
    }
}

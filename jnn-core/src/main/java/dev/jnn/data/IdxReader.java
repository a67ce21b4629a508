package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), gzip-compressed or raw: a 4-byte magic number
 * {@code 00 00 08 rank} (unsigned bytes), {@code rank} big-endian 32-bit dimensions, then the bytes row-major.
 *
 * <pre>{@code
 * TensorDataset train = IdxReader.dataset(dir.resolve("train-images-idx3-ubyte.gz"),
 *                                         dir.resolve("train-labels-idx1-ubyte.gz"));   // x: [60000, 1, 28, 28] in [0, 1]
 * }</pre>
 * The header is checked (magic, rank 1..4, positive dimensions) and the claimed size against the file's length
 * (raw) or the largest size its compressed length allows (gzip) before anything is allocated.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** The raw content of one IDX file. */
    public record Idx(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    /** Reads an IDX file of unsigned bytes. */
    public static Idx read(Path file) throws IOException {
        boolean gzip = Io.isGzip(file);
        long fileSize = Io.size(file);
        try (InputStream in = Io.open(file, gzip)) {
            byte[] head = new byte[4];
            if (Io.readFully(in, head, 0, 4) < 4) {
                throw DataFormatException.atByte(file, 0, "truncated: no 4-byte IDX magic number");
            }
            if (head[0] != 0 || head[1] != 0) {
                throw DataFormatException.atByte(file, 0, String.format(
                        "bad magic number 0x%08X: an IDX file starts with 00 00, the type and the rank",
                        Io.u32(head, 0)));
            }
            if ((head[2] & 0xff) != UNSIGNED_BYTE) {
                throw DataFormatException.atByte(file, 2, String.format(
                        "IDX element type 0x%02X is not supported; only unsigned bytes (0x08) are", head[2] & 0xff));
            }
            int rank = head[3] & 0xff;
            if (rank < 1 || rank > 4) {
                throw DataFormatException.atByte(file, 3, "IDX rank " + rank + " is outside 1..4");
            }
            byte[] dimBytes = new byte[4 * rank];
            if (Io.readFully(in, dimBytes, 0, dimBytes.length) < dimBytes.length) {
                throw DataFormatException.atByte(file, 4, "truncated inside the " + rank + " dimensions");
            }
            int[] dims = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                long d = Io.u32(dimBytes, 4 * i) & 0xffffffffL;
                if (d == 0 || d > Integer.MAX_VALUE) {
                    throw DataFormatException.atByte(file, 4 + 4L * i, "dimension " + i + " is " + d);
                }
                dims[i] = (int) d;
                count *= d;
                if (count > Io.MAX_ARRAY) {
                    throw DataFormatException.atByte(file, 4 + 4L * i, "header claims dimensions "
                            + Arrays.toString(Arrays.copyOf(dims, i + 1)) + "..., more than 2^31 bytes");
                }
            }
            int headerSize = 4 + 4 * rank;
            long claimedTotal = headerSize + count;
            if (!gzip && claimedTotal != fileSize) {
                throw DataFormatException.atByte(file, Math.min(fileSize, claimedTotal), "header claims "
                        + Arrays.toString(dims) + " = " + count + " data bytes, so a file of " + claimedTotal
                        + " bytes, but the file has " + fileSize + (fileSize < claimedTotal ? " (truncated)" : ""));
            }
            if (gzip && claimedTotal > fileSize * Io.MAX_DEFLATE_RATIO) {
                throw DataFormatException.atByte(file, 4, "header claims " + Arrays.toString(dims) + " = " + count
                        + " bytes, more than a gzip file of " + fileSize + " bytes can hold");
            }
            byte[] data = gzip ? readGrowing(in, (int) count, file, headerSize) : new byte[(int) count];
            if (!gzip) {
                int got = Io.readFully(in, data, 0, data.length);
                if (got < data.length) {
                    throw DataFormatException.atByte(file, headerSize + got, "truncated: expected " + count
                            + " data bytes");
                }
            }
            if (gzip && in.read() >= 0) {
                throw DataFormatException.atByte(file, claimedTotal, "(uncompressed) unexpected bytes after the "
                        + count + " data bytes that the header " + Arrays.toString(dims) + " announces");
            }
            return new Idx(dims, data);
        } catch (ZipException | java.io.EOFException e) {
            throw DataFormatException.atByte(file, 0, "corrupted gzip stream: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code count} bytes from a decompressing stream. The array grows with the data actually present, so a
     * lying header in a small file cannot make us allocate its claimed size up front.
     */
    private static byte[] readGrowing(InputStream in, int count, Path file, int headerSize) throws IOException {
        byte[] data = new byte[Math.min(count, 1 << 24)];
        int got = 0;
        while (true) {
            int n = Io.readFully(in, data, got, data.length - got);
            got += n;
            if (got < data.length) {
                throw DataFormatException.atByte(file, headerSize + got, "(uncompressed) truncated: expected "
                        + count + " data bytes, found " + got);
            }
            if (got == count) {
                return data;
            }
            data = Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
        }
    }

    /** Images as floats in [0, 1]: [N, 1, H, W] for a rank-3 file, [N, rest...] otherwise. */
    public static Tensor images(Path file) throws IOException {
        Idx idx = read(file);
        float[] x = new float[idx.data().length];
        Io.toUnitFloats(idx.data(), 0, x, 0, x.length);
        int[] d = idx.dims();
        return d.length == 3 ? Tensor.of(x, d[0], 1, d[1], d[2]) : Tensor.of(x, d);
    }

    /** Labels of a rank-1 IDX file as ints 0..255. */
    public static int[] labels(Path file) throws IOException {
        Idx idx = read(file);
        if (idx.dims().length != 1) {
            throw DataFormatException.atByte(file, 3, "a label file has rank 1, this one has dimensions "
                    + Arrays.toString(idx.dims()));
        }
        int[] labels = new int[idx.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = idx.data()[i] & 0xff;
        }
        return labels;
    }

    /** An image file and its label file as a data set; checks that they hold the same number of examples. */
    public static TensorDataset dataset(Path images, Path labels) throws IOException {
        Tensor x = images(images);
        int[] y = labels(labels);
        if (x.shape().dim(0) != y.length) {
            throw new DataFormatException(String.valueOf(labels), "byte 4", "holds " + y.length
                    + " labels but " + images + " holds " + x.shape().dim(0) + " images");
        }
        return TensorDataset.of(x, y);
    }
}

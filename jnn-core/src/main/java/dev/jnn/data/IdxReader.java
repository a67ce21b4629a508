package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
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

    /** A checked header: dimensions, element count, header length in bytes. */
    private record Header(int[] dims, long count, int size) {
    }

    /** Reads an IDX file of unsigned bytes. */
    public static Idx read(Path file) throws IOException {
        return (Idx) readBody(file, false);
    }

    /** Images as floats in [0, 1]: [N, 1, H, W] for a rank-3 file, [N, rest...] otherwise. */
    public static Tensor images(Path file) throws IOException {
        return (Tensor) readBody(file, true);
    }

    /** Reads the header, then the body as bytes ({@link Idx}) or converted to unit floats as it streams (Tensor). */
    private static Object readBody(Path file, boolean floats) throws IOException {
        boolean gzip = Io.isGzip(file);
        long fileSize = Io.size(file);
        try (InputStream in = Io.open(file, gzip)) {
            Header h = header(in, file, fileSize, gzip);
            int count = (int) h.count();
            // Allocate the whole body up front only when the file vouches for its size (raw: exact length checked;
            // gzip: the trailer's ISIZE agrees); otherwise grow with the data actually present, so that a lying
            // header in a small file cannot make us allocate its claimed size.
            boolean trusted = !gzip || gzipTrailerSize(file, fileSize) == ((h.size() + h.count()) & 0xffffffffL);
            int capacity = trusted ? count : Math.min(count, 1 << 22);
            byte[] bytes = floats ? null : new byte[capacity];
            float[] values = floats ? new float[capacity] : null;
            byte[] buf = floats ? new byte[1 << 16] : null;
            int got = 0;
            while (got < count) {
                if (got == capacity) {
                    capacity = (int) Math.min(count, 2L * capacity);
                    if (floats) {
                        values = Arrays.copyOf(values, capacity);
                    } else {
                        bytes = Arrays.copyOf(bytes, capacity);
                    }
                }
                int n;
                if (floats) {
                    // Convert chunk by chunk as it is decompressed: no intermediate byte array of the whole body.
                    n = in.read(buf, 0, Math.min(buf.length, capacity - got));
                    if (n > 0) {
                        Io.toUnitFloats(buf, 0, values, got, n);
                    }
                } else {
                    n = in.read(bytes, got, capacity - got);
                }
                if (n < 0) {
                    throw DataFormatException.atByte(file, h.size() + got, (gzip ? "(uncompressed) " : "")
                            + "truncated: the header " + Arrays.toString(h.dims()) + " announces " + count
                            + " data bytes, found " + got);
                }
                got += n;
            }
            if (in.read() >= 0) {
                throw DataFormatException.atByte(file, h.size() + h.count(), (gzip ? "(uncompressed) " : "")
                        + "unexpected bytes after the " + count + " data bytes that the header "
                        + Arrays.toString(h.dims()) + " announces");
            }
            if (!floats) {
                return new Idx(h.dims(), bytes);
            }
            int[] d = h.dims();
            return d.length == 3 ? Tensor.of(values, d[0], 1, d[1], d[2]) : Tensor.of(values, d);
        } catch (ZipException | EOFException e) {
            throw DataFormatException.atByte(file, 0, "corrupted gzip stream: " + e.getMessage(), e);
        }
    }

    /** The gzip trailer's ISIZE: the uncompressed length modulo 2^32 (of the last member); -1 if unreadable. */
    private static long gzipTrailerSize(Path file, long fileSize) throws IOException {
        if (fileSize < 18) {
            return -1;
        }
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (ch.read(b, fileSize - 4 + b.position()) <= 0) {
                    return -1;
                }
            }
            return b.getInt(0) & 0xffffffffL;
        }
    }

    private static Header header(InputStream in, Path file, long fileSize, boolean gzip) throws IOException {
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
        return new Header(dims, count, headerSize);
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

package dev.jnn.io;

import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reading and writing the raw little-endian tensor data both formats share, in bounded chunks, and the checks of
 * header fields that both formats need (shapes, offsets). Allocation happens only after the caller has checked sizes
 * against the file length.
 */
final class TensorData {

    private static final int CHUNK = 1 << 16;

    private TensorData() {
    }

    /** Bytes per element of a supported dtype, or -1. */
    static int elementBytes(String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default -> -1;
        };
    }

    /**
     * Reads {@code count} elements of {@code dtype} starting at byte {@code start} of {@code ch}, converted to float;
     * when {@code crc} is non-null it is updated with the raw bytes.
     */
    static float[] read(FileChannel ch, Path file, long start, String dtype, int count, CRC32 crc) throws IOException {
        int width = elementBytes(dtype);
        float[] out = new float[count];
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        long pos = start;
        int done = 0;
        int perChunk = CHUNK / width;
        while (done < count) {
            int n = Math.min(perChunk, count - done);
            buf.clear().limit(n * width);
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    throw new ModelFileException(file, pos + buf.position(), "unexpected end of file in tensor data");
                }
            }
            buf.flip();
            if (crc != null) {
                crc.update(buf.array(), 0, n * width);
            }
            switch (dtype) {
                case "F32" -> buf.asFloatBuffer().get(out, done, n);
                case "F64" -> {
                    for (int i = 0; i < n; i++) {
                        out[done + i] = (float) buf.getDouble(i * 8);
                    }
                }
                case "F16" -> {
                    for (int i = 0; i < n; i++) {
                        out[done + i] = Float.float16ToFloat(buf.getShort(i * 2));
                    }
                }
                case "BF16" -> {
                    for (int i = 0; i < n; i++) {
                        out[done + i] = Float.intBitsToFloat((buf.getShort(i * 2) & 0xffff) << 16);
                    }
                }
                default -> throw new IllegalStateException("unreachable dtype " + dtype);
            }
            done += n;
            pos += (long) n * width;
        }
        return out;
    }

    /** The CRC32 of a tensor's elements written as little-endian float32, in row-major order. */
    static long crc32(Tensor t) {
        CRC32 crc = new CRC32();
        chunks(t, (buf, len) -> crc.update(buf, 0, len));
        return crc.getValue();
    }

    /** Writes a tensor's elements as little-endian float32 in row-major order. */
    static void write(Tensor t, OutputStream out) throws IOException {
        try {
            chunks(t, (buf, len) -> {
                try {
                    out.write(buf, 0, len);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private interface ChunkSink {
        void accept(byte[] buf, int len);
    }

    private static void chunks(Tensor t, ChunkSink sink) {
        float[] data = t.isContiguous() ? t.data() : t.toArray();
        int offset = t.isContiguous() ? t.offset() : 0;
        int n = t.size();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < n; ) {
            int k = Math.min(CHUNK / 4, n - done);
            buf.clear();
            buf.asFloatBuffer().put(data, offset + done, k);
            sink.accept(buf.array(), k * 4);
            done += k;
        }
    }

    /**
     * The dims of a JSON shape array, checked: non-negative ints whose product fits in an int. {@code at} is the
     * file offset reported on error.
     */
    static int[] shape(Object json, Path file, long at, String name) throws ModelFileException {
        if (!(json instanceof List<?> list)) {
            throw new ModelFileException(file, at, "tensor '" + name + "': shape must be an array of integers");
        }
        if (list.size() > 32) {
            throw new ModelFileException(file, at, "tensor '" + name + "': rank " + list.size() + " exceeds 32");
        }
        int[] dims = new int[list.size()];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!(list.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new ModelFileException(file, at, "tensor '" + name + "': dimension " + i + " is "
                        + list.get(i) + "; dimensions must be integers in [0, 2^31)");
            }
            dims[i] = (int) (long) d;
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new ModelFileException(file, at, "tensor '" + name + "': shape " + list
                        + " has more elements than a Java array can hold");
            }
        }
        return dims;
    }

    /** A two-element array of non-negative integers {@code [begin, end]} with begin ≤ end. */
    static long[] range(Object json, Path file, long at, String name, String field) throws ModelFileException {
        if (json instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Long b
                && list.get(1) instanceof Long e && b >= 0 && e >= b) {
            return new long[] {b, e};
        }
        throw new ModelFileException(file, at, "tensor '" + name + "': " + field
                + " must be [begin, end] with 0 <= begin <= end, got " + json);
    }

    /** The JSON object {@code json} as a map of strings (metadata), or an error. */
    static Map<String, String> stringMap(Object json, Path file, long at, String what) throws ModelFileException {
        if (!(json instanceof Map<?, ?> map)) {
            throw new ModelFileException(file, at, what + " must be an object of strings");
        }
        var out = new java.util.LinkedHashMap<String, String>();
        for (var e : map.entrySet()) {
            if (!(e.getValue() instanceof String v)) {
                throw new ModelFileException(file, at, what + " entry '" + e.getKey() + "' must be a string, got "
                        + e.getValue());
            }
            out.put((String) e.getKey(), v);
        }
        return out;
    }

    static int product(int[] dims) {
        int p = 1;
        for (int d : dims) {
            p *= d;
        }
        return p;
    }

    /** Decodes a header as strict UTF-8 and parses it as JSON; errors name the byte offset in the file. */
    static Object parseHeader(byte[] bytes, Path file, long start) throws ModelFileException {
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String text;
        try {
            text = decoder.decode(in).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelFileException(file, start + in.position(), "header is not valid UTF-8", e);
        }
        try {
            return Json.parse(text);
        } catch (Json.ParseException e) {
            long at = start + text.substring(0, Math.min(e.index, text.length()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            throw new ModelFileException(file, at, "header is not valid JSON: " + e.getMessage());
        }
    }
}

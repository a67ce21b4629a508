package dev.jnn.io;

import dev.jnn.nn.Module;
import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format, for exchanging weights with PyTorch, JAX and the Hugging Face tools: an 8-byte
 * little-endian header length N, N bytes of UTF-8 JSON ({@code {name: {"dtype", "shape", "data_offsets": [b, e]},
 * "__metadata__": {string: string}}}), then the data, each tensor's bytes at {@code [b, e)} of the data section.
 *
 * <p>Writing produces F32 tensors in the given order, the header padded with spaces to a multiple of 8 bytes.
 * Reading accepts F32, F16, BF16 and F64 (converted to float32) and checks, before allocating anything, that every
 * tensor's byte range matches its shape and that the ranges tile the data section with no gap or overlap, as the
 * reference implementation requires. Problems are {@link ModelFileException}s naming the file and byte offset.
 * Safetensors has no order: tensors are returned sorted by their data offset (the order they were written in).
 */
public final class Safetensors {

    private static final String METADATA = "__metadata__";
    /** Largest header accepted: the reference implementation's limit. */
    private static final long MAX_HEADER = 100_000_000;

    private Safetensors() {
    }

    /** Writes a module's parameters and buffers ({@link Module#stateDict()}) as F32, atomically. */
    public static void save(Module model, Path file, Map<String, String> metadata) throws IOException {
        save(model.stateDict(), file, metadata);
    }

    /**
     * Loads a safetensors file into {@code model}; names and shapes must match its {@link Module#stateDict()}
     * exactly (an {@link IllegalArgumentException} lists the differences). Returns the contents for the metadata.
     */
    public static ModelFile.Contents loadInto(Module model, Path file) throws IOException {
        ModelFile.Contents c = load(file);
        model.loadState(c.tensors());
        return c;
    }

    /** Writes the tensors as F32, with string metadata (may be empty), atomically. */
    public static void save(Map<String, Tensor> tensors, Path file, Map<String, String> metadata) throws IOException {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            Json.quote(sb, METADATA).append(':');
            Json.stringMap(sb, metadata);
        }
        long offset = 0;
        boolean first = metadata.isEmpty();
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("Safetensors.save: '" + METADATA + "' is reserved, not a tensor name");
            }
            Tensor t = e.getValue();
            long bytes = 4L * t.size();
            sb.append(first ? "" : ",");
            Json.quote(sb, e.getKey()).append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] dims = t.shape().toArray();
            for (int i = 0; i < dims.length; i++) {
                sb.append(i == 0 ? "" : ",").append(dims[i]);
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            first = false;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] header = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(header, json.length, padded, (byte) ' ');
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array();
        AtomicFile.write(file, out -> {
            out.write(length);
            out.write(header);
            for (Tensor t : tensors.values()) {
                TensorData.write(t, out);
            }
        });
    }

    private record Entry(String name, String dtype, int[] dims, long begin, long end) {
    }

    /** Reads a safetensors file: its tensors (as float32) and its {@code __metadata__}; no optimizer state. */
    public static ModelFile.Contents load(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ModelFileException(file, size, "file is " + size
                        + " bytes, too short for the 8-byte safetensors header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (lenBuf.hasRemaining()) {
                if (ch.read(lenBuf, lenBuf.position()) < 0) {
                    throw new ModelFileException(file, lenBuf.position(), "unexpected end of file");
                }
            }
            long n = lenBuf.getLong(0);
            if (n < 2 || n > size - 8 || n > MAX_HEADER) {
                throw new ModelFileException(file, 0, "header length " + Long.toUnsignedString(n)
                        + " does not fit in a file of " + size + " bytes (limit " + MAX_HEADER + ")");
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            while (header.hasRemaining()) {
                if (ch.read(header, 8 + header.position()) < 0) {
                    throw new ModelFileException(file, 8 + header.position(), "unexpected end of file");
                }
            }
            if (header.get(0) != '{') {
                throw new ModelFileException(file, 8, "header must start with '{'");
            }
            Object json = TensorData.parseHeader(header.array(), file, 8);
            if (!(json instanceof Map<?, ?> root)) {
                throw new ModelFileException(file, 8, "header must be a JSON object");
            }
            long dataStart = 8 + n;
            Map<String, String> meta = Map.of();
            List<Entry> entries = new ArrayList<>();
            for (var e : root.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals(METADATA)) {
                    meta = TensorData.stringMap(e.getValue(), file, 8, METADATA);
                    continue;
                }
                entries.add(entry(file, name, e.getValue()));
            }
            entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
            long expected = 0;
            for (Entry en : entries) {
                if (en.begin != expected) {
                    throw new ModelFileException(file, dataStart + Math.min(expected, en.begin), "tensor '" + en.name
                            + "' starts at data offset " + en.begin + " but the previous tensor ends at " + expected
                            + " (gap or overlap)");
                }
                expected = en.end;
            }
            if (dataStart + expected != size) {
                throw new ModelFileException(file, Math.min(size, dataStart + expected), "the tensors cover "
                        + expected + " data bytes but the data section holds " + (size - dataStart));
            }
            var tensors = new LinkedHashMap<String, Tensor>();
            for (Entry en : entries) {
                int count = TensorData.product(en.dims);
                float[] values = TensorData.read(ch, file, dataStart + en.begin, en.dtype, count, null);
                tensors.put(en.name, Tensor.of(values, en.dims));
            }
            return new ModelFile.Contents(tensors, meta, null);
        }
    }

    private static Entry entry(Path file, String name, Object json) throws ModelFileException {
        if (!(json instanceof Map<?, ?> m)) {
            throw new ModelFileException(file, 8, "tensor '" + name + "': entry must be an object");
        }
        if (!(m.get("dtype") instanceof String dtype)) {
            throw new ModelFileException(file, 8, "tensor '" + name + "': missing dtype");
        }
        int width = TensorData.elementBytes(dtype);
        if (width < 0) {
            throw new ModelFileException(file, 8, "tensor '" + name + "': dtype " + dtype
                    + " is not supported; jnn reads F32, F16, BF16 and F64");
        }
        int[] dims = TensorData.shape(m.get("shape"), file, 8, name);
        long[] range = TensorData.range(m.get("data_offsets"), file, 8, name, "data_offsets");
        long bytes = (long) width * TensorData.product(dims);
        if (range[1] - range[0] != bytes) {
            throw new ModelFileException(file, 8, "tensor '" + name + "': data_offsets " + range[0] + ".." + range[1]
                    + " span " + (range[1] - range[0]) + " bytes but shape " + java.util.Arrays.toString(dims)
                    + " of " + dtype + " needs " + bytes);
        }
        return new Entry(name, dtype, dims, range[0], range[1]);
    }
}

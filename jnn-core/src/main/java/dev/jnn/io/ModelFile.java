package dev.jnn.io;

import dev.jnn.nn.Module;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.OptimizerState;
import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * jnn's model file: named float32 tensors plus string metadata (provenance), safe to load from untrusted sources.
 * No Java serialization, no class names, nothing executable: a loader only ever allocates float arrays, and only after
 * checking each size against the file length.
 *
 * <h2>Layout, version 1 (all integers little-endian)</h2>
 * <pre>
 * offset  size  field
 *      0     4  magic "JNN1" (ASCII)
 *      4     4  uint32 format version = 1
 *      8     8  uint64 header length H
 *     16     4  uint32 CRC-32 of the H header bytes
 *     20     4  reserved, zero
 *     24     H  header: UTF-8 JSON, padded with spaces so that 24 + H is a multiple of 8
 * 24 + H     …  data: the tensors' float32 values, row-major, back to back in header order; the file ends with the
 *               last tensor
 * </pre>
 * The header is {@code {"metadata": {string: string, …}, "tensors": [{"name": …, "dtype": "F32", "shape": [d0, …],
 * "offsets": [begin, end], "crc32": n}, …]}}; offsets are byte offsets into the data section, each tensor starting
 * where the previous ended, and {@code crc32} checks its bytes. Tensors keep the order they were saved in (a
 * module's forward order).
 *
 * <p>Metadata keys written by jnn: {@code jnn.version}, {@code created} (ISO-8601 UTC) unless given, the keys of
 * {@link Provenance}, and for an optimizer state {@code optimizer}, {@code optimizer.step},
 * {@code optimizer.learning_rate} with its slots stored as tensors named {@code optimizer/<parameter>/<slot>}.
 *
 * <p>Files are written to a temporary file and renamed atomically ({@link AtomicFile}). Every problem found while
 * reading is a {@link ModelFileException} naming the file and the byte offset.
 */
public final class ModelFile {

    /** The magic number at offset 0. */
    public static final String MAGIC = "JNN1";
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    /** Tensor-name prefix of optimizer slots. */
    public static final String OPTIMIZER_PREFIX = "optimizer/";

    private static final int PREFIX = 24;

    private ModelFile() {
    }

    /**
     * What a file holds: the model's tensors in saved order, its metadata, and the optimizer state when one was saved
     * (else null).
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata, OptimizerState optimizer) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The tensor named {@code name}; fails listing the names present when there is none. */
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no tensor named '" + name + "'; the file holds " + tensors.keySet());
            }
            return t;
        }

        /** The provenance recorded in the metadata. */
        public Provenance provenance() {
            return Provenance.fromMetadata(metadata);
        }
    }

    /** Saves a module's parameters and buffers with the default metadata (jnn version, date). */
    public static void save(Module model, Path file) throws IOException {
        save(model.stateDict(), file, Map.of(), null);
    }

    /** Saves a module's parameters and buffers ({@link Module#stateDict()}) with metadata. */
    public static void save(Module model, Path file, Map<String, String> metadata) throws IOException {
        save(model.stateDict(), file, metadata, null);
    }

    /** Saves a module's state and its optimizer's state in one file (a checkpoint to resume training from). */
    public static void save(Module model, Optimizer optimizer, Path file, Map<String, String> metadata)
            throws IOException {
        save(model.stateDict(), file, metadata, optimizer.state());
    }

    /**
     * Loads a file into {@code model}: every parameter and buffer must be present with its shape, and nothing else
     * (an {@link IllegalArgumentException} lists the differences; the model is then unchanged). Returns the contents
     * for the metadata.
     */
    public static Contents loadInto(Module model, Path file) throws IOException {
        Contents c = load(file);
        model.loadState(c.tensors());
        return c;
    }

    /** Loads the model and, when the file holds one, the optimizer state (to resume training). */
    public static Contents loadInto(Module model, Optimizer optimizer, Path file) throws IOException {
        Contents c = loadInto(model, file);
        if (c.optimizer() != null) {
            optimizer.loadState(c.optimizer());
        }
        return c;
    }

    /** Saves named tensors with metadata. */
    public static void save(Map<String, Tensor> tensors, Path file, Map<String, String> metadata) throws IOException {
        save(tensors, file, metadata, null);
    }

    /** Saves named tensors, metadata and (when non-null) an optimizer state, atomically. */
    public static void save(Map<String, Tensor> tensors, Path file, Map<String, String> metadata,
            OptimizerState optimizer) throws IOException {
        var all = new LinkedHashMap<String, Tensor>();
        for (var e : tensors.entrySet()) {
            if (e.getKey().startsWith(OPTIMIZER_PREFIX)) {
                throw new IllegalArgumentException("ModelFile.save: tensor name '" + e.getKey() + "' starts with '"
                        + OPTIMIZER_PREFIX + "', which is reserved for optimizer state");
            }
            all.put(e.getKey(), e.getValue());
        }
        var meta = new LinkedHashMap<String, String>();
        meta.put("jnn.version", jnnVersion());
        meta.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        meta.putAll(metadata);
        if (optimizer != null) {
            meta.put("optimizer", optimizer.optimizer());
            meta.put("optimizer.step", Long.toString(optimizer.step()));
            meta.put("optimizer.learning_rate", Double.toString(optimizer.learningRate()));
            optimizer.slots().forEach((k, v) -> all.put(OPTIMIZER_PREFIX + k, Tensor.of(v, v.length)));
        }
        write(all, file, meta);
    }

    private static void write(Map<String, Tensor> tensors, Path file, Map<String, String> meta) throws IOException {
        StringBuilder sb = new StringBuilder("{\"metadata\":");
        Json.stringMap(sb, meta).append(",\"tensors\":[");
        long offset = 0;
        boolean first = true;
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long bytes = 4L * t.size();
            sb.append(first ? "" : ",").append("{\"name\":");
            Json.quote(sb, e.getKey()).append(",\"dtype\":\"F32\",\"shape\":[");
            int[] dims = t.shape().toArray();
            for (int i = 0; i < dims.length; i++) {
                sb.append(i == 0 ? "" : ",").append(dims[i]);
            }
            sb.append("],\"offsets\":[").append(offset).append(',').append(offset + bytes).append("],\"crc32\":")
                    .append(TensorData.crc32(t)).append('}');
            offset += bytes;
            first = false;
        }
        sb.append("]}");
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        java.util.Arrays.fill(header, json.length, padded, (byte) ' ');
        CRC32 crc = new CRC32();
        crc.update(header);
        ByteBuffer prefix = ByteBuffer.allocate(PREFIX).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).putLong(padded)
                .putInt((int) crc.getValue()).putInt(0);
        AtomicFile.write(file, out -> {
            out.write(prefix.array());
            out.write(header);
            for (Tensor t : tensors.values()) {
                TensorData.write(t, out);
            }
        });
    }

    /** Reads a model file; see the class comment for what is checked. */
    public static Contents load(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < PREFIX) {
                throw new ModelFileException(file, size, "file is " + size + " bytes, shorter than the " + PREFIX
                        + "-byte prefix of a jnn model file");
            }
            ByteBuffer prefix = ByteBuffer.allocate(PREFIX).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, prefix, 0, file);
            byte[] magic = new byte[4];
            prefix.get(0, magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.ISO_8859_1))) {
                throw new ModelFileException(file, 0, "not a jnn model file: expected magic \"" + MAGIC
                        + "\", found bytes " + java.util.HexFormat.ofDelimiter(" ").formatHex(magic)
                        + " (for safetensors files use Safetensors.load)");
            }
            int version = prefix.getInt(4);
            if (version != VERSION) {
                throw new ModelFileException(file, 4, "unsupported format version " + Integer.toUnsignedString(version)
                        + "; this jnn reads version " + VERSION);
            }
            long headerLength = prefix.getLong(8);
            if (headerLength < 2 || headerLength > size - PREFIX || headerLength > Integer.MAX_VALUE - 8) {
                throw new ModelFileException(file, 8, "header length " + Long.toUnsignedString(headerLength)
                        + " does not fit in a file of " + size + " bytes");
            }
            if (prefix.getInt(20) != 0) {
                throw new ModelFileException(file, 20, "reserved bytes must be zero");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(ch, header, PREFIX, file);
            CRC32 crc = new CRC32();
            crc.update(header.array());
            if ((int) crc.getValue() != prefix.getInt(16)) {
                throw new ModelFileException(file, PREFIX, "header checksum mismatch (the file is corrupted)");
            }
            Object json = TensorData.parseHeader(header.array(), file, PREFIX);
            return contents(ch, file, json, PREFIX + headerLength, size);
        }
    }

    private static Contents contents(FileChannel ch, Path file, Object json, long dataStart, long size)
            throws IOException {
        if (!(json instanceof Map<?, ?> root) || !(root.get("tensors") instanceof List<?> entries)) {
            throw new ModelFileException(file, PREFIX, "header must be an object with a \"tensors\" array");
        }
        Map<String, String> meta = root.containsKey("metadata")
                ? TensorData.stringMap(root.get("metadata"), file, PREFIX, "metadata") : Map.of();
        var tensors = new LinkedHashMap<String, Tensor>();
        var optimizerSlots = new LinkedHashMap<String, float[]>();
        var names = new HashSet<String>();
        long expected = 0;
        for (Object o : entries) {
            if (!(o instanceof Map<?, ?> entry) || !(entry.get("name") instanceof String name)) {
                throw new ModelFileException(file, PREFIX, "each tensor entry must be an object with a \"name\"");
            }
            if (!names.add(name)) {
                throw new ModelFileException(file, PREFIX, "tensor '" + name + "' appears twice");
            }
            if (!"F32".equals(entry.get("dtype"))) {
                throw new ModelFileException(file, PREFIX, "tensor '" + name + "': dtype " + entry.get("dtype")
                        + " is not supported; jnn model files hold F32");
            }
            int[] dims = TensorData.shape(entry.get("shape"), file, PREFIX, name);
            long[] range = TensorData.range(entry.get("offsets"), file, PREFIX, name, "offsets");
            long bytes = 4L * TensorData.product(dims);
            if (range[0] != expected || range[1] - range[0] != bytes) {
                throw new ModelFileException(file, PREFIX, "tensor '" + name + "': offsets " + range[0] + ".."
                        + range[1] + " do not match its shape " + java.util.Arrays.toString(dims) + " ("
                        + bytes + " bytes) starting at " + expected);
            }
            if (dataStart + range[1] > size) {
                throw new ModelFileException(file, size, "tensor '" + name + "' needs bytes up to "
                        + (dataStart + range[1]) + " but the file ends at " + size + " (truncated?)");
            }
            if (!(entry.get("crc32") instanceof Long sum) || sum < 0 || sum > 0xffffffffL) {
                throw new ModelFileException(file, PREFIX, "tensor '" + name + "': missing or bad crc32");
            }
            expected = range[1];
            CRC32 crc = new CRC32();
            float[] values = TensorData.read(ch, file, dataStart + range[0], "F32", TensorData.product(dims), crc);
            if (crc.getValue() != sum) {
                throw new ModelFileException(file, dataStart + range[0], "tensor '" + name
                        + "': data checksum mismatch (the file is corrupted)");
            }
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                optimizerSlots.put(name.substring(OPTIMIZER_PREFIX.length()), values);
            } else {
                tensors.put(name, Tensor.of(values, dims));
            }
        }
        if (dataStart + expected != size) {
            throw new ModelFileException(file, dataStart + expected, "unexpected " + (size - dataStart - expected)
                    + " bytes after the last tensor");
        }
        return new Contents(tensors, meta, optimizerState(file, meta, optimizerSlots));
    }

    private static OptimizerState optimizerState(Path file, Map<String, String> meta, Map<String, float[]> slots)
            throws ModelFileException {
        String name = meta.get("optimizer");
        if (name == null) {
            if (!slots.isEmpty()) {
                throw new ModelFileException(file, PREFIX, "optimizer slots without \"optimizer\" metadata");
            }
            return null;
        }
        try {
            long step = Long.parseLong(meta.getOrDefault("optimizer.step", ""));
            double lr = Double.parseDouble(meta.getOrDefault("optimizer.learning_rate", ""));
            return new OptimizerState(name, step, lr, slots);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, PREFIX, "bad optimizer metadata: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long at, Path file) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) {
                throw new ModelFileException(file, at + buf.position(), "unexpected end of file");
            }
        }
    }

    /** The version of jnn on the class path, from the jar manifest ("dev" when run from classes). */
    public static String jnnVersion() {
        String v = ModelFile.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

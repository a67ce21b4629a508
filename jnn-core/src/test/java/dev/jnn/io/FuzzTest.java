package dev.jnn.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of corrupted files: loading must end in the documented {@link ModelFileException}, never another
 * exception, an out-of-memory error or silently wrong data. For jnn files every corruption of bytes covered by a
 * checksum must be detected; header edits with a recomputed checksum (which reach the JSON parser and the
 * validation) may load, but only into consistent tensors.
 */
class FuzzTest {

    private static final int CASES = 2000;

    @TempDir
    Path dir;

    private static Map<String, Tensor> model() {
        var m = new LinkedHashMap<String, Tensor>();
        m.put("a.weight", Tensor.randn(3, 4, 3));
        m.put("a.bias", Tensor.randn(4, 3));
        m.put("b.weight", Tensor.randn(5, 3, 2));
        return m;
    }

    @Test
    void corruptedJnnFilesFailWithModelFileException() throws IOException {
        Path good = dir.resolve("good.jnn");
        ModelFile.save(model(), good, Provenance.of("fuzz").seed(7).toMetadata());
        byte[] bytes = Files.readAllBytes(good);
        SplittableRandom rng = new SplittableRandom(2024);
        Path f = dir.resolve("bad.jnn");
        int detected = 0;
        try (var out = new RandomAccessFile(f.toFile(), "rw")) {
            for (int i = 0; i < CASES; i++) {
                int kind = rng.nextInt(7);
                byte[] bad = mutate(bytes, kind, rng, 24, true);
                overwrite(out, bad);
                try {
                    ModelFile.Contents c = ModelFile.load(f);
                    if (kind < 5 && !Arrays.equals(bad, bytes)) {
                        fail("case " + i + " (kind " + kind + "): a corruption under a checksum was not detected");
                    }
                    checkConsistent(c);
                } catch (ModelFileException e) {
                    detected++;
                    assertTrue(e.getMessage().startsWith(f.toString() + " at byte "), e.getMessage());
                    assertTrue(e.offset() >= 0 && e.offset() <= bad.length, e.getMessage());
                } catch (Throwable t) {
                    throw new AssertionError("case " + i + " (kind " + kind + ") threw " + t, t);
                }
            }
        }
        assertTrue(detected > CASES * 0.9, "only " + detected + " of " + CASES + " detected");
    }

    @Test
    void corruptedSafetensorsFilesFailWithModelFileException() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Safetensors.save(model(), good, Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(good);
        SplittableRandom rng = new SplittableRandom(99);
        Path f = dir.resolve("bad.safetensors");
        int detected = 0;
        try (var out = new RandomAccessFile(f.toFile(), "rw")) {
            for (int i = 0; i < CASES; i++) {
                int kind = rng.nextInt(7);
                byte[] bad = mutate(bytes, kind, rng, 8, false);
                overwrite(out, bad);
                try {
                    checkConsistent(Safetensors.load(f));
                } catch (ModelFileException e) {
                    detected++;
                    assertTrue(e.getMessage().startsWith(f.toString() + " at byte "), e.getMessage());
                } catch (Throwable t) {
                    throw new AssertionError("case " + i + " (kind " + kind + ") threw " + t, t);
                }
            }
        }
        // Without checksums, flips in the data section load as other numbers; structural damage must be caught.
        assertTrue(detected > CASES / 3, "only " + detected + " of " + CASES + " detected");
    }

    /** Rewrites the file in place: much faster than a new file per case on file systems that discard on truncate. */
    private static void overwrite(RandomAccessFile out, byte[] content) throws IOException {
        out.setLength(content.length);
        out.seek(0);
        out.write(content);
    }

    private static void checkConsistent(ModelFile.Contents c) {
        for (var e : c.tensors().entrySet()) {
            if (e.getValue().toArray().length != e.getValue().shape().size()) {
                fail("tensor " + e.getKey() + " inconsistent with its shape");
            }
        }
    }

    /**
     * Kinds: 0 flip bits, 1 truncate, 2 append, 3 overwrite a run, 4 random length field; 5 edit the header text and
     * (jnn) fix its checksum; 6 replace the header by a hostile one and (jnn) fix its checksum.
     */
    private static byte[] mutate(byte[] good, int kind, SplittableRandom rng, int headerAt, boolean jnn) {
        byte[] b = good.clone();
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = jnn ? le.getLong(8) : le.getLong(0);
        switch (kind) {
            case 0 -> {
                for (int k = 1 + rng.nextInt(4); k > 0; k--) {
                    b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, rng.nextInt(b.length));
            case 2 -> {
                b = Arrays.copyOf(b, b.length + 1 + rng.nextInt(64));
                for (int i = good.length; i < b.length; i++) {
                    b[i] = (byte) rng.nextInt(256);
                }
            }
            case 3 -> {
                int from = rng.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + rng.nextInt(32));
                byte before = b[from];
                for (int i = from; i < to; i++) {
                    b[i] = (byte) rng.nextInt(256);
                }
                b[from] = (byte) ~before;
            }
            case 4 -> le.putLong(jnn ? 8 : 0, rng.nextInt(3) == 0 ? rng.nextLong() : rng.nextLong(2 * b.length));
            case 5 -> {
                int at = headerAt + rng.nextInt((int) headerLength);
                byte[] alphabet = "{}[]\",:0123456789-eE.\\ntfu \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
                for (int k = 1 + rng.nextInt(3); k > 0; k--) {
                    b[Math.min(at + k - 1, headerAt + (int) headerLength - 1)] = alphabet[rng.nextInt(alphabet.length)];
                }
                if (jnn) {
                    fixCrc(b, headerLength);
                }
            }
            default -> {
                String hostile = hostileHeader(rng, jnn);
                byte[] h = hostile.getBytes(StandardCharsets.UTF_8);
                byte[] data = Arrays.copyOfRange(good, headerAt + (int) headerLength, good.length);
                b = new byte[headerAt + h.length + data.length];
                System.arraycopy(good, 0, b, 0, headerAt);
                System.arraycopy(h, 0, b, headerAt, h.length);
                System.arraycopy(data, 0, b, headerAt + h.length, data.length);
                le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                le.putLong(jnn ? 8 : 0, h.length);
                if (jnn) {
                    fixCrc(b, h.length);
                }
            }
        }
        return b;
    }

    private static void fixCrc(byte[] b, long headerLength) {
        CRC32 crc = new CRC32();
        crc.update(b, 24, (int) headerLength);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(16, (int) crc.getValue());
    }

    private static String hostileHeader(SplittableRandom rng, boolean jnn) {
        List<String> shapes = List.of("[2147483647,2147483647]", "[-1]", "[1e3]", "[]", "[0]", "[3,4]", "[4]",
                "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", "\"x\"", "null", "[65536,65536]");
        List<String> offsets = List.of("[0,48]", "[0,9223372036854775807]", "[48,0]", "[-8,40]", "[0]", "[0,0]",
                "[48,64]", "[0,18446744073709551616]", "\"0\"", "[0,48,96]");
        List<String> dtypes = List.of("\"F32\"", "\"F16\"", "\"I64\"", "\"BF16\"", "\"F64\"", "7", "null");
        String shape = shapes.get(rng.nextInt(shapes.size()));
        String off = offsets.get(rng.nextInt(offsets.size()));
        String dtype = dtypes.get(rng.nextInt(dtypes.size()));
        return switch (rng.nextInt(jnn ? 5 : 4)) {
            case 0 -> "[".repeat(1000) + "]".repeat(1000);
            case 1 -> "{\"a\":{\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"data_offsets\":" + off
                    + "},\"a\":{}}";
            case 2 -> "\"" + "\\u00e9".repeat(rng.nextInt(1000)) + "\"";
            case 3 -> jnn
                    ? "{\"tensors\":[{\"name\":\"a\",\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"offsets\":" + off
                            + ",\"crc32\":" + rng.nextLong(1L << 33) + "}]}"
                    : "{\"a\":{\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"data_offsets\":" + off + "}}";
            default -> "{\"metadata\":{\"k\":" + (rng.nextBoolean() ? "1" : "{}") + "},\"tensors\":{}}";
        };
    }
}

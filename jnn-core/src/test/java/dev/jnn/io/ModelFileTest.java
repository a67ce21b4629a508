package dev.jnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.nn.Dense;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.optim.OptimizerState;
import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    static Map<String, Tensor> sample() {
        var m = new LinkedHashMap<String, Tensor>();
        m.put("dense1.weight", Tensor.randn(1, 5, 3));
        m.put("dense1.bias", Tensor.of(new float[] {Float.MIN_VALUE, -0f, Float.MAX_VALUE}, 3));
        m.put("scale", Tensor.scalar(-2.5f));
        m.put("empty", Tensor.zeros(0, 4));
        m.put("ünïcode \"name\"\n", Tensor.randn(2, 2, 1, 2));
        return m;
    }

    @Test
    void roundTripKeepsOrderValuesShapesAndMetadata() throws IOException {
        Path f = dir.resolve("m.jnn");
        var meta = Provenance.of("mlp").config("Dense(5→3)").seed(42).dataset("digits")
                .hyperParameter("lr", 0.001).toMetadata();
        ModelFile.save(sample(), f, meta);
        ModelFile.Contents c = ModelFile.load(f);
        assertEquals(List.copyOf(sample().keySet()), List.copyOf(c.tensors().keySet()));
        for (var e : sample().entrySet()) {
            Tensor got = c.tensor(e.getKey());
            assertEquals(e.getValue().shape(), got.shape(), e.getKey());
            assertArrayEquals(e.getValue().toArray(), got.toArray(), e.getKey());
        }
        Provenance p = c.provenance();
        assertEquals("mlp", p.model());
        assertEquals("Dense(5→3)", p.config());
        assertEquals(42L, p.seed());
        assertEquals("digits", p.dataset());
        assertEquals(Map.of("lr", "0.001"), p.hyperParameters());
        assertEquals(ModelFile.jnnVersion(), c.metadata().get("jnn.version"));
        assertTrue(c.metadata().get("created").endsWith("Z"), c.metadata().get("created"));
        assertNull(c.optimizer());
    }

    @Test
    void layoutMatchesTheDocumentation() throws IOException {
        Path f = dir.resolve("m.jnn");
        ModelFile.save(Map.of("w", Tensor.of(new float[] {1f, -2f}, 2)), f, Map.of("created", "then"));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("JNN1", new String(b.array(), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt(4));
        long h = b.getLong(8);
        assertEquals(0, (24 + h) % 8);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 24, (int) h);
        assertEquals((int) crc.getValue(), b.getInt(16));
        String header = new String(b.array(), 24, (int) h, StandardCharsets.UTF_8).strip();
        assertTrue(header.contains("\"name\":\"w\",\"dtype\":\"F32\",\"shape\":[2],\"offsets\":[0,8]"), header);
        assertTrue(header.contains("\"created\":\"then\""), header);
        assertEquals(24 + h + 8, b.capacity());
        assertEquals(1f, b.getFloat((int) (24 + h)));
        assertEquals(-2f, b.getFloat((int) (24 + h + 4)));
    }

    @Test
    void optimizerStateTravelsInTheSameFile() throws IOException {
        Path f = dir.resolve("ckpt.jnn");
        var slots = new LinkedHashMap<String, float[]>();
        slots.put("dense1.weight/m", new float[] {1, 2, 3});
        slots.put("dense1.weight/v", new float[] {4, 5, 6});
        var state = new OptimizerState("Adam", 17, 0.0025, slots);
        ModelFile.save(sample(), f, Map.of(), state);
        ModelFile.Contents c = ModelFile.load(f);
        assertEquals(state, c.optimizer());
        assertEquals(sample().keySet(), c.tensors().keySet(), "optimizer slots are not model tensors");
    }

    @Test
    void saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("sub/m.jnn");
        ModelFile.save(sample(), f, Map.of("v", "1"));
        ModelFile.save(Map.of("x", Tensor.ones(2)), f, Map.of("v", "2"));
        assertEquals("2", ModelFile.load(f).metadata().get("v"));
        try (var files = Files.list(f.getParent())) {
            assertEquals(List.of(f), files.toList());
        }
        // A writer that fails midway leaves the previous file intact and no temporary behind.
        assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write(new byte[100]);
            throw new IOException("disk full");
        }));
        assertEquals("2", ModelFile.load(f).metadata().get("v"));
        try (var files = Files.list(f.getParent())) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void errorsNameTheFileAndOffset() throws IOException {
        Path f = dir.resolve("m.jnn");
        ModelFile.save(sample(), f, Map.of());
        byte[] good = Files.readAllBytes(f);

        Files.write(f, "GARBAGE!".repeat(4).getBytes(StandardCharsets.US_ASCII));
        var e = assertThrows(ModelFileException.class, () -> ModelFile.load(f));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().startsWith(f + " at byte 0: not a jnn model file"), e.getMessage());

        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        Files.write(f, bad);
        e = assertThrows(ModelFileException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("'ünïcode \"name\"\n': data checksum mismatch"), e.getMessage());
        assertEquals(good.length - 16, e.offset());

        Files.write(f, java.util.Arrays.copyOf(good, good.length - 3));
        e = assertThrows(ModelFileException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        bad = good.clone();
        bad[4] = 2;
        Files.write(f, bad);
        e = assertThrows(ModelFileException.class, () -> ModelFile.load(f));
        assertEquals(4, e.offset());
        assertTrue(e.getMessage().contains("unsupported format version 2"), e.getMessage());
    }

    @Test
    void modulesRoundTripAndMismatchesAreExplained() throws IOException {
        Path f = dir.resolve("mlp.jnn");
        Sequential model = new Sequential(new Dense(4, 3), Activation.relu(), new Dense(3, 2));
        model.initialize(11);
        ModelFile.save(model, f, Provenance.of("mlp").toMetadata());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(ModelFile.load(f).tensors().keySet()));

        // Lazy layers are built from the saved shapes.
        Sequential lazy = new Sequential(new Dense(3), Activation.relu(), new Dense(2));
        ModelFile.loadInto(lazy, f);
        Tensor x = Tensor.randn(5, 2, 4);
        assertArrayEquals(model.forward(x).toArray(), lazy.forward(x).toArray());

        Sequential other = new Sequential(new Dense(4, 5), Activation.relu(), new Dense(5, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> ModelFile.loadInto(other, f));
        assertTrue(e.getMessage().contains("'0.weight' has shape [4, 5] but the state holds [4, 3]"), e.getMessage());
    }

    @Test
    void reservedNamesAreRejectedOnSave() {
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(
                Map.of("optimizer/x", Tensor.ones(1)), dir.resolve("x.jnn"), Map.of()));
    }
}

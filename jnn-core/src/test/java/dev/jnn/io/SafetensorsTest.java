package dev.jnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    /**
     * A file written by the reference implementation (safetensors 0.8.0, numpy API):
     * <pre>
     * w = (np.arange(12, dtype=np.float32).reshape(3, 4) - 5.5) / 4
     * save_file({"layer.weight": w, "layer.bias": np.array([1.5, -2.25, 3.0], np.float32),
     *            "half": np.array([[0.5, -1.0], [65504.0, 2.0**-14]], np.float16),
     *            "double": np.array([1/3, -2.5e-3, 1e10], np.float64), "scalar": np.array(7.0, np.float32)},
     *           "numpy.safetensors", metadata={"format": "np", "note": "written by safetensors 0.8.0 numpy API"})
     * </pre>
     * (The reverse direction was checked by hand: {@code safe_open} reads files written by {@link Safetensors#save}.)
     */
    @Test
    void readsAFileWrittenByTheReferenceImplementation() throws IOException {
        Path f = dir.resolve("numpy.safetensors");
        try (InputStream in = getClass().getResourceAsStream("numpy.safetensors")) {
            Files.copy(in, f);
        }
        ModelFile.Contents c = Safetensors.load(f);
        assertEquals(Map.of("format", "np", "note", "written by safetensors 0.8.0 numpy API"), c.metadata());
        float[] w = new float[12];
        for (int i = 0; i < 12; i++) {
            w[i] = (i - 5.5f) / 4;
        }
        assertEquals(Shape.of(3, 4), c.tensor("layer.weight").shape());
        assertArrayEquals(w, c.tensor("layer.weight").toArray());
        assertArrayEquals(new float[] {1.5f, -2.25f, 3f}, c.tensor("layer.bias").toArray());
        assertArrayEquals(new float[] {0.5f, -1f, 65504f, 0x1p-14f}, c.tensor("half").toArray());
        assertEquals(Shape.of(2, 2), c.tensor("half").shape());
        assertArrayEquals(new float[] {1f / 3, -2.5e-3f, 1e10f}, c.tensor("double").toArray());
        assertEquals(0, c.tensor("scalar").rank());
        assertEquals(7f, c.tensor("scalar").item());
    }

    @Test
    void roundTripAndLayout() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Map<String, Tensor> m = ModelFileTest.sample();
        Safetensors.save(m, f, Map.of("who", "jnn"));
        ModelFile.Contents c = Safetensors.load(f);
        assertEquals(List.copyOf(m.keySet()), List.copyOf(c.tensors().keySet()));
        for (var e : m.entrySet()) {
            assertEquals(e.getValue().shape(), c.tensor(e.getKey()).shape());
            assertArrayEquals(e.getValue().toArray(), c.tensor(e.getKey()).toArray());
        }
        assertEquals(Map.of("who", "jnn"), c.metadata());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, n % 8);
        String header = new String(b.array(), 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"who\":\"jnn\"},\"dense1.weight\":{\"dtype\":\"F32\","
                + "\"shape\":[5,3],\"data_offsets\":[0,60]}"), header);
    }

    @Test
    void readsBf16() throws IOException {
        String json = "{\"x\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putShort((short) 0x3fc0).putShort((short) 0xc020); // 1.5, -2.5
        Path f = dir.resolve("bf16.safetensors");
        Files.write(f, b.array());
        assertArrayEquals(new float[] {1.5f, -2.5f}, Safetensors.load(f).tensor("x").toArray());
    }

    @Test
    void rejectsGapsOverlapsAndUnsupportedTypes() throws IOException {
        for (String json : List.of(
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                "{\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}")) {
            byte[] h = json.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(h.length).put(h);
            Path f = dir.resolve("bad.safetensors");
            Files.write(f, b.array());
            var e = assertThrows(ModelFileException.class, () -> Safetensors.load(f), json);
            assertTrue(e.getMessage().contains("'x'") || e.getMessage().contains("'y'"), e.getMessage());
        }
    }
}

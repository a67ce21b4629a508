package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    /** Copies a fixture made with numpy 2.4 (np.save / np.savez) out of the test resources. */
    private Path fixture(String name) throws IOException {
        try (InputStream in = NpyTest.class.getResourceAsStream(name)) {
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p;
        }
    }

    @Test
    void readsFilesWrittenByNumpy() throws IOException {
        NpyArray f = Npy.read(fixture("f32.npy"));   // np.arange(12, dtype=float32).reshape(3, 4) / 4
        assertEquals("float32", f.dtype());
        assertArrayEquals(new int[] {3, 4}, f.shape());
        assertEquals(11 / 4f, f.toTensor().get(2, 3));
        NpyArray l = Npy.read(fixture("i64.npy"));   // [1, -2, 3000000000]
        assertArrayEquals(new long[] {1, -2, 3_000_000_000L}, (long[]) l.data());
        assertThrows(IllegalStateException.class, l::toIntArray);
        Map<String, NpyArray> z = Npy.readNpz(fixture("mixed.npz"));
        assertEquals(List.of("x", "y", "u"), List.copyOf(z.keySet()));
        assertArrayEquals(new float[] {1.5f, 2.5f}, (float[]) z.get("x").data());
        assertArrayEquals(new int[] {7, 8, 9}, z.get("y").toIntArray());
        assertArrayEquals(new float[] {0, 255}, z.get("u").toTensor().toArray());
    }

    @Test
    void writesWhatItReads() throws IOException {
        Tensor t = Tensor.of(new float[] {1, -2, 3.5f, Float.MIN_VALUE, 5, 6}, 1, 2, 3);
        Path p = dir.resolve("t.npy");
        Npy.write(p, NpyArray.of(t));
        assertEquals(0, (Files.size(p) - 6 * 4) % 64, "data aligned to 64 bytes like numpy");
        NpyArray back = Npy.read(p);
        assertArrayEquals(new int[] {1, 2, 3}, back.shape());
        assertArrayEquals(t.toArray(), (float[]) back.data());
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("labels", NpyArray.of(new int[] {3, 1, 4}, 3));
        arrays.put("ids", NpyArray.of(new long[] {-1L << 40}, 1));
        arrays.put("img", NpyArray.ofBytes(new byte[] {0, (byte) 200}, 1, 2));
        arrays.put("scalar", NpyArray.of(Tensor.of(new float[] {2}, 1)));
        Path z = dir.resolve("a.npz");
        Npy.writeNpz(z, arrays);
        Map<String, NpyArray> read = Npy.readNpz(z);
        assertArrayEquals(new int[] {3, 1, 4}, (int[]) read.get("labels").data());
        assertArrayEquals(new long[] {-1L << 40}, (long[]) read.get("ids").data());
        assertEquals(200f, read.get("img").toTensor().get(0, 1));
        assertTrue(Files.list(dir).noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void rejectsBadHeadersAndSizes() throws IOException {
        Path p = dir.resolve("x.npy");
        Npy.write(p, NpyArray.of(new int[] {1, 2, 3, 4}, 2, 2));
        byte[] good = Files.readAllBytes(p);
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Npy.read(Files.write(p, cut)));
        assertTrue(e.getMessage().contains("needs 16 data bytes"), e.getMessage());
        String header = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] huge = header.replace("(2, 2)", "(99999999999, 9)").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        e = assertThrows(DataFormatException.class, () -> Npy.read(Files.write(p, huge)));
        assertTrue(e.getMessage().contains("too large") || e.getMessage().contains("bad dimension"), e.getMessage());
        byte[] f8 = header.replace("<i4", "<f8").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        e = assertThrows(DataFormatException.class, () -> Npy.read(Files.write(p, f8)));
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        assertThrows(DataFormatException.class, () -> Npy.readNpz(Files.write(dir.resolve("bad.npz"), good)));
    }
}

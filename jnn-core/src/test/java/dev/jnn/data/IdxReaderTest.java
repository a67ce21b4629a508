package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    @Test
    void readsGeneratedRawAndGzipFilesIdentically() throws IOException {
        byte[] px = pixels(3 * 4 * 5);
        Path raw = TestFiles.write(dir.resolve("img"), TestFiles.idx(new int[] {3, 4, 5}, px));
        Path gz = TestFiles.write(dir.resolve("img.gz"), TestFiles.gzip(TestFiles.idx(new int[] {3, 4, 5}, px)));
        Path labels = TestFiles.write(dir.resolve("lab.gz"),
                TestFiles.gzip(TestFiles.idx(new int[] {3}, new byte[] {2, 0, (byte) 200})));
        Tensor a = IdxReader.images(raw);
        Tensor b = IdxReader.images(gz);
        assertArrayEquals(new int[] {3, 1, 4, 5}, a.shape().toArray());
        assertArrayEquals(a.toArray(), b.toArray());
        assertEquals((px[17] & 0xff) / 255f, a.toArray()[17]);
        assertEquals((px[16] & 0xff) / 255f, a.get(0, 0, 3, 1));
        TensorDataset ds = IdxReader.dataset(gz, labels);
        assertEquals(3, ds.size());
        assertEquals(200, ds.label(2));
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path img = TestFiles.write(dir.resolve("img"), TestFiles.idx(new int[] {3, 2, 2}, pixels(12)));
        Path lab = TestFiles.write(dir.resolve("lab"), TestFiles.idx(new int[] {2}, new byte[] {1, 2}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.dataset(img, lab));
        assertTrue(e.getMessage().contains("2 labels") && e.getMessage().contains("3 images"), e.getMessage());
    }

    @Test
    void rejectsBadMagicTruncationAndHugeHeadersBeforeAllocating() throws IOException {
        byte[] good = TestFiles.idx(new int[] {2, 3, 3}, pixels(18));
        byte[] magic = good.clone();
        magic[0] = 0x12;
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(TestFiles.write(dir.resolve("magic"), magic)));
        assertTrue(e.getMessage().contains("magic") && e.position().equals("byte 0"), e.getMessage());

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 5);
        e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(TestFiles.write(dir.resolve("trunc"), truncated)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(TestFiles.write(dir.resolve("trunc.gz"), TestFiles.gzip(truncated))));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        // A header claiming 2 billion 28x28 images in a tiny file: refused from the header alone.
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(4, 2_000_000_000).putInt(8, 28).putInt(12, 28);
        e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(TestFiles.write(dir.resolve("huge.gz"), TestFiles.gzip(huge))));
        assertTrue(e.getMessage().contains("2^31"), e.getMessage());
        ByteBuffer.wrap(huge).putInt(4, 2_000_000).putInt(8, 28).putInt(12, 28);
        e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(TestFiles.write(dir.resolve("big.gz"), TestFiles.gzip(huge))));
        assertTrue(e.getMessage().contains("gzip file of"), e.getMessage());
        e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(TestFiles.write(dir.resolve("big"), huge)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void readsRealMnist() throws IOException {
        Path shared = TestFiles.shared();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("mnist")),
                "shared/datasets/mnist not found above the working directory (set -Djnn.datasets=...)");
        Path mnist = shared.resolve("mnist");
        TensorDataset test = IdxReader.dataset(mnist.resolve("t10k-images-idx3-ubyte.gz"),
                mnist.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {1, 28, 28}, test.featureShape().toArray());
        int[] counts = new int[10];
        for (int i = 0; i < test.size(); i++) {
            counts[test.label(i)]++;
        }
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, counts);
        double sum = 0;
        for (float v : test.features().data()) {
            sum += v;
        }
        // Published test-set pixel mean (÷255): 0.1325146058.
        assertEquals(0.1325146058, sum / (10_000 * 784.0), 1e-6);
    }

    @Test
    void readsDebianFashionMnist() throws IOException {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(dir), "Debian package dataset-fashion-mnist not installed");
        TensorDataset test = IdxReader.dataset(dir.resolve("t10k-images-idx3-ubyte.gz"),
                dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(10_000, test.size());
        int[] counts = new int[10];
        for (int i = 0; i < test.size(); i++) {
            counts[test.label(i)]++;
        }
        for (int c : counts) {
            assertEquals(1000, c);
        }
        float max = 0;
        for (float v : test.features().data()) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
    }
}

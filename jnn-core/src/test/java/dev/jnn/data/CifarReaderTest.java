package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsCifar10BatchesInPlaneOrder() throws IOException {
        Path a = TestFiles.write(dir.resolve("a.bin"), TestFiles.cifar(2, 1, new int[][] {{3}, {9}}));
        Path b = TestFiles.write(dir.resolve("b.bin"), TestFiles.cifar(1, 1, new int[][] {{0}}));
        TensorDataset d = CifarReader.cifar10(a, b);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {3, 32, 32}, d.featureShape().toArray());
        assertArrayEquals(new int[] {3, 9, 0}, d.labels());
        // Example 1, green plane (offset 1024), row 2, column 5: byte (1 + 1024 + 69) % 256.
        assertEquals(((1 + 1024 + 2 * 32 + 5) % 256) / 255f, d.features().get(1, 1, 2, 5));
    }

    @Test
    void readsCifar100FineOrCoarseLabels() throws IOException {
        Path f = TestFiles.write(dir.resolve("train.bin"), TestFiles.cifar(2, 2, new int[][] {{19, 99}, {4, 42}}));
        assertArrayEquals(new int[] {99, 42}, CifarReader.cifar100(true, f).labels());
        assertArrayEquals(new int[] {19, 4}, CifarReader.cifar100(false, f).labels());
        assertEquals(((1 + 3071) % 256) / 255f, CifarReader.cifar100(true, f).features().get(1, 2, 31, 31));
    }

    @Test
    void rejectsPartialRecordsAndOutOfRangeLabels() throws IOException {
        byte[] good = TestFiles.cifar(2, 1, new int[][] {{1}, {2}});
        Path partial = TestFiles.write(dir.resolve("p.bin"), Arrays.copyOf(good, good.length - 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> CifarReader.cifar10(partial));
        assertTrue(e.getMessage().contains("3073-byte"), e.getMessage());
        good[3073] = 10;
        Path label = TestFiles.write(dir.resolve("l.bin"), good);
        e = assertThrows(DataFormatException.class, () -> CifarReader.cifar10(label));
        assertEquals("byte 3073", e.position());
        // A CIFAR-10 file is not a whole number of CIFAR-100 records.
        Path ten = TestFiles.write(dir.resolve("t.bin"), TestFiles.cifar(2, 1, new int[][] {{1}, {2}}));
        assertThrows(DataFormatException.class, () -> CifarReader.cifar100(true, ten));
    }
}

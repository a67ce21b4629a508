package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds thousands of corrupted files (bit flips, truncation, insertions, random bytes, huge size claims) to every
 * reader: each must either succeed or throw {@link DataFormatException}; nothing else may escape.
 */
class FuzzTest {

    private static final int ROUNDS = 200;
    /** Image decoding is slower: fewer rounds per format (4 formats). */
    private static final int IMAGE_ROUNDS = 60;

    @TempDir
    Path dir;

    private interface Reader {
        void read(Path file) throws IOException;
    }

    /** One corrupted variant of {@code good}; {@code sizeFields} are offsets of 32-bit big-endian size fields. */
    private static byte[] corrupt(byte[] good, SplittableRandom r, int[] sizeFields) {
        byte[] b = good.clone();
        switch (r.nextInt(6)) {
            case 0 -> {
                for (int k = 1 + r.nextInt(8); k > 0; k--) {
                    int i = r.nextInt(b.length);
                    b[i] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> {
                b = new byte[r.nextInt(64 + good.length)];
                r.nextBytes(b);
            }
            case 3 -> {
                int at = r.nextInt(b.length);
                byte[] junk = new byte[1 + r.nextInt(16)];
                r.nextBytes(junk);
                ByteBuffer out = ByteBuffer.allocate(b.length + junk.length);
                out.put(b, 0, at).put(junk).put(b, at, b.length - at);
                b = out.array();
            }
            case 4 -> {
                if (sizeFields.length > 0) {
                    int off = sizeFields[r.nextInt(sizeFields.length)];
                    int[] huge = {Integer.MAX_VALUE, -1, 1 << 30, 2_000_000_000, 0, 60_000};
                    ByteBuffer.wrap(b).putInt(off, huge[r.nextInt(huge.length)]);
                } else {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            default -> {
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    private void fuzz(String name, byte[] good, int[] sizeFields, Reader reader, long seed) throws IOException {
        fuzz(name, good, sizeFields, reader, seed, ROUNDS);
    }

    private void fuzz(String name, byte[] good, int[] sizeFields, Reader reader, long seed, int rounds)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        Path file = dir.resolve(name);
        reader.read(Files.write(file, good));   // the uncorrupted file must be readable
        for (int round = 0; round < rounds; round++) {
            byte[] bad = corrupt(good, r, sizeFields);
            Files.write(file, bad);
            try {
                reader.read(file);
            } catch (DataFormatException expected) {
                if (!expected.getMessage().contains(expected.file())) {
                    fail(name + " round " + round + ": message does not name the file: " + expected.getMessage());
                }
            } catch (Throwable t) {
                Path keep = dir.resolve("failing-" + name);
                Files.write(keep, bad);
                throw new AssertionError(name + " round " + round + " (seed " + seed + "): " + t, t);
            }
        }
    }

    @Test
    void idxRawAndGzip() throws IOException {
        byte[] px = new byte[5 * 6 * 7];
        new SplittableRandom(1).nextBytes(px);
        byte[] raw = TestFiles.idx(new int[] {5, 6, 7}, px);
        int[] fields = {0, 4, 8, 12};
        fuzz("img", raw, fields, IdxReader::images, 11);
        fuzz("img.gz", TestFiles.gzip(raw), new int[0], IdxReader::images, 12);
        // Valid gzip around corrupted IDX content.
        SplittableRandom r = new SplittableRandom(13);
        Path file = dir.resolve("inner.gz");
        for (int i = 0; i < ROUNDS; i++) {
            Files.write(file, TestFiles.gzip(corrupt(raw, r, fields)));
            try {
                IdxReader.images(file);
            } catch (DataFormatException expected) {
                // documented
            }
        }
        fuzz("lab", TestFiles.idx(new int[] {9}, new byte[9]), new int[] {0, 4}, IdxReader::labels, 14);
    }

    @Test
    void cifar() throws IOException {
        byte[] good = TestFiles.cifar(2, 1, new int[][] {{1}, {9}});
        fuzz("c10.bin", good, new int[0], CifarReader::cifar10, 21);
        fuzz("c100.bin", TestFiles.cifar(1, 2, new int[][] {{19, 99}}), new int[0],
                f -> CifarReader.cifar100(true, f), 22);
    }

    @Test
    void csv() throws IOException {
        byte[] good = "a,b,label\n1.5,2,x\n3,\"4\",y\n5,6,x\n".getBytes(StandardCharsets.UTF_8);
        fuzz("t.csv", good, new int[0], f -> {
            CsvTable t = CsvTable.read(f);
            t.classification("label");
        }, 31);
    }

    @Test
    void npyAndNpz() throws IOException {
        Path p = dir.resolve("seed.npy");
        Npy.write(p, NpyArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3));
        fuzz("a.npy", Files.readAllBytes(p), new int[0], Npy::read, 41);
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("x", NpyArray.of(new long[] {1, 2}, 2));
        m.put("y", NpyArray.ofBytes(new byte[] {3}, 1));
        Path z = dir.resolve("seed.npz");
        Npy.writeNpz(z, m);
        fuzz("a.npz", Files.readAllBytes(z), new int[0], Npy::readNpz, 42);
    }

    @Test
    void imagesInAFolder() throws IOException {
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 3, 0x123456);
        List<String> formats = List.of("png", "jpg", "bmp", "gif");
        long seed = 50;
        for (String format : formats) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            Path root = dir.resolve("imgs-" + format);
            Files.createDirectories(root.resolve("a"));
            String name = "imgs-" + format + "/a/x." + format;
            fuzz(name, out.toByteArray(), new int[] {16, 18, 20}, f -> ImageFolder.read(root, 5, 5, 3), seed++,
                    IMAGE_ROUNDS);
        }
    }

    @Test
    void tarArchive() throws IOException {
        var tar = new ByteArrayOutputStream();
        byte[] h = new byte[512];
        byte[] name = "dir/a.bin".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, h, 0, name.length);
        System.arraycopy("00000000012".getBytes(StandardCharsets.US_ASCII), 0, h, 124, 11);
        h[156] = '0';
        tar.writeBytes(h);
        tar.writeBytes(Arrays.copyOf("hello tar".getBytes(StandardCharsets.US_ASCII), 512));
        tar.writeBytes(new byte[1024]);
        Path out = Files.createDirectories(dir.resolve("tar-out"));
        fuzz("a.tar", tar.toByteArray(), new int[0], f -> Tar.extract(f, out, java.util.Set.of("a.bin")), 61);
        fuzz("a.tar.gz", TestFiles.gzip(tar.toByteArray()), new int[0],
                f -> Tar.extract(f, out, java.util.Set.of("a.bin")), 62);
    }
}

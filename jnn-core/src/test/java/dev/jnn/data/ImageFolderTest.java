package dev.jnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path root;

    private static BufferedImage image(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 40 + seed) & 0xff) << 16 | ((y * 50) & 0xff) << 8 | (seed * 7 & 0xff));
            }
        }
        return img;
    }

    private Path save(String cls, String name, String format, BufferedImage img) throws IOException {
        Files.createDirectories(root.resolve(cls));
        Path p = root.resolve(cls).resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()));
        return p;
    }

    @Test
    void readsOneClassPerFolderResizedToOneOrThreeChannels() throws IOException {
        save("cat", "1.png", "png", image(6, 4, 1));
        save("cat", "2.png", "png", image(6, 4, 2));
        save("dog", "a.jpg", "jpg", image(12, 8, 3));
        TensorDataset rgb = ImageFolder.read(root, 4, 6, 3);
        assertEquals(List.of("cat", "dog"), rgb.classNames());
        assertArrayEquals(new int[] {0, 0, 1}, rgb.labels());
        assertArrayEquals(new int[] {3, 4, 6}, rgb.featureShape().toArray());
        // PNG at the target size: exact pixels. Red of (x=2, y=1) in image 2 = (80 + 2) / 255.
        assertEquals(82 / 255f, rgb.features().get(1, 0, 1, 2), 1e-6f);
        assertEquals(50 / 255f, rgb.features().get(1, 1, 1, 2), 1e-6f);
        TensorDataset grey = ImageFolder.read(root, 2, 3, 1);
        assertArrayEquals(new int[] {1, 2, 3}, grey.featureShape().toArray());
        float v = grey.features().get(2, 0, 1, 1);
        assertTrue(v > 0 && v < 1, "JPEG resized and converted to luma: " + v);
    }

    @Test
    void unreadableImagesAndEmptyFoldersAreFormatErrors() throws IOException {
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolder.read(root, 4, 4, 1));
        assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
        Files.createDirectories(root.resolve("empty"));
        e = assertThrows(DataFormatException.class, () -> ImageFolder.read(root, 4, 4, 1));
        assertTrue(e.getMessage().contains("hold no images"), e.getMessage());
        Path good = save("x", "ok.png", "png", image(5, 5, 1));
        byte[] png = Files.readAllBytes(good);
        Files.write(root.resolve("x").resolve("text.png"), "hello".getBytes());
        e = assertThrows(DataFormatException.class, () -> ImageFolder.read(root, 4, 4, 1));
        assertTrue(e.file().endsWith("text.png"), e.getMessage());
        Files.delete(root.resolve("x").resolve("text.png"));
        Files.write(root.resolve("x").resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        e = assertThrows(DataFormatException.class, () -> ImageFolder.read(root, 4, 4, 1));
        assertTrue(e.file().endsWith("cut.png"), e.getMessage());
    }
}

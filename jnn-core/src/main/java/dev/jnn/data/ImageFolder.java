package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of images with one sub-folder per class ({@code root/cat/1.png}, {@code root/dog/7.jpg}); classes are
 * the sub-folder names in sorted order. Every image (any format javax.imageio reads: PNG, JPEG, BMP, GIF) is
 * resized bilinearly to {@code height × width} and converted to 1 (luma) or 3 (RGB) channels in [0, 1].
 *
 * <pre>{@code
 * TensorDataset pets = ImageFolder.read(Path.of("pets"), 64, 64, 3);   // x: [N, 3, 64, 64]
 * }</pre>
 */
public final class ImageFolder {

    /** Images larger than this many pixels are refused before decoding (decompression bombs). */
    static final long MAX_PIXELS = 1L << 26;

    private ImageFolder() {
    }

    public static TensorDataset read(Path root, int height, int width, int channels) throws IOException {
        if (height < 1 || width < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("ImageFolder: need height, width >= 1 and channels 1 or 3, got "
                    + height + ", " + width + ", " + channels);
        }
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root.toString(), "", "not a folder");
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        if (classDirs.isEmpty()) {
            throw new DataFormatException(root.toString(), "", "no class sub-folders (expected root/<class>/<image>)");
        }
        List<String> classes = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int size = channels * height * width;
        for (Path dir : classDirs) {
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            }
            for (Path f : files) {
                images.add(load(f, height, width, channels));
                labels.add(label);
            }
        }
        if (images.isEmpty()) {
            throw new DataFormatException(root.toString(), "", "the class folders " + classes + " hold no images");
        }
        float[] x = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, x, i * size, size);
        }
        return TensorDataset.of(Tensor.of(x, images.size(), channels, height, width),
                labels.stream().mapToInt(Integer::intValue).toArray(), classes);
    }

    /** Decodes one image into [channels, height, width] floats in [0, 1]. */
    static float[] load(Path file, int height, int width, int channels) throws IOException {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataFormatException(file.toString(), "byte 0", "not an image format javax.imageio reads");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    throw new DataFormatException(file.toString(), "", "image claims " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " pixels");
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders signal corrupt data with IIOException and with assorted runtime exceptions.
            throw new DataFormatException(file.toString(), "", "unreadable image: " + e, e);
        }
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] src = new float[channels * h * w];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            float r = ((p >> 16) & 0xff) / 255f, g = ((p >> 8) & 0xff) / 255f, b = (p & 0xff) / 255f;
            if (channels == 1) {
                src[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            } else {
                src[i] = r;
                src[plane + i] = g;
                src[2 * plane + i] = b;
            }
        }
        if (h == height && w == width) {
            return src;
        }
        float[] out = new float[channels * height * width];
        Affine.resize(src, channels, h, w, out, height, width);
        return out;
    }
}

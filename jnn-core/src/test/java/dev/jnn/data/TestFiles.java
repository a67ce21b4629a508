package dev.jnn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Generators of small data files for the reader tests, and the location of the shared real data. */
final class TestFiles {

    private TestFiles() {
    }

    /** The bytes of an unsigned-byte IDX file with the given dimensions and data. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes);
    }

    /** The shared real-data folder (system property jnn.datasets, else found walking up), or null. */
    static Path shared() {
        String prop = System.getProperty("jnn.datasets");
        if (prop != null) {
            return Path.of(prop);
        }
        return KnownDatasets.findSharedDatasets(Path.of(""));
    }

    /** A CIFAR record file: {@code n} records with the given label bytes per record and pixel = (i + k) % 256. */
    static byte[] cifar(int n, int labelBytes, int[][] labels) {
        int record = labelBytes + 3072;
        byte[] b = new byte[n * record];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < labelBytes; l++) {
                b[i * record + l] = (byte) labels[i][l];
            }
            for (int k = 0; k < 3072; k++) {
                b[i * record + labelBytes + k] = (byte) ((i + k) % 256);
            }
        }
        return b;
    }
}

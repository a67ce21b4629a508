package dev.jnn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Byte-level helpers shared by the readers: bounded whole-file reads and transparent gzip. */
final class Io {

    /** Largest array a reader allocates (Java arrays hold at most ~2^31 elements). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    /** Deflate cannot expand data by more than about 1032:1; a header claiming more than this is a lie. */
    static final long MAX_DEFLATE_RATIO = 1100;

    private Io() {
    }

    /** The size of {@code file}; a missing or unreadable file is a plain IOException (not a format problem). */
    static long size(Path file) throws IOException {
        return Files.size(file);
    }

    /** Reads a whole (uncompressed) file, refusing files too large for one array. */
    static byte[] readAll(Path file) throws IOException {
        long size = size(file);
        if (size > MAX_ARRAY) {
            throw DataFormatException.atByte(file, 0, "file of " + size + " bytes is too large to read into memory");
        }
        return Files.readAllBytes(file);
    }

    /** True when the file starts with the gzip magic bytes 1f 8b. */
    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Opens the file with a large buffer, decompressing when it is gzip. */
    static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return gzip ? new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16)
                    : new BufferedInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw DataFormatException.atByte(file, 0, "not a valid gzip stream: " + e.getMessage());
        }
    }

    /** Reads up to {@code len} bytes; returns how many were read (fewer only at end of stream). */
    static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    static int u32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** 1/255 scaling table: byte → float in [0, 1]. */
    static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = i / 255f;
        }
    }

    /** dst[i] = (src[from + i] &amp; 0xff) / 255 for i in [0, n). */
    static void toUnitFloats(byte[] src, int from, float[] dst, int dstOff, int n) {
        float[] unit = UNIT;
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = unit[src[from + i] & 0xff];
        }
    }
}

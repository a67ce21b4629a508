package dev.jnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Extracts chosen regular files from a (gzip'd) tar archive, by base name, into one folder. Entry paths are never
 * used as destinations (no path traversal); everything else in the archive is skipped.
 */
final class Tar {

    private static final int BLOCK = 512;
    /** Largest member we extract: far above any CIFAR batch, far below what would exhaust a disk by accident. */
    private static final long MAX_MEMBER = 1L << 30;

    private Tar() {
    }

    /** Extracts the members whose base names are in {@code wanted} into {@code dir}; returns the names found. */
    static Set<String> extract(Path archive, Path dir, Set<String> wanted) throws IOException {
        Set<String> found = new HashSet<>();
        try (InputStream in = Io.open(archive, Io.isGzip(archive))) {
            byte[] header = new byte[BLOCK];
            long offset = 0;
            while (true) {
                int n = Io.readFully(in, header, 0, BLOCK);
                if (n == 0) {
                    break;
                }
                if (n < BLOCK) {
                    throw DataFormatException.atByte(archive, offset, "(uncompressed) truncated tar header");
                }
                if (allZero(header)) {
                    break;
                }
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty() && "ustar".equals(text(header, 257, 5))) {
                    name = prefix + "/" + name;
                }
                long size = octal(header, 124, 12, archive, offset);
                if (size > MAX_MEMBER) {
                    throw DataFormatException.atByte(archive, offset + 124, "tar member of " + size + " bytes");
                }
                byte type = header[156];
                String base = name.substring(name.lastIndexOf('/') + 1);
                offset += BLOCK;
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if ((type == '0' || type == 0) && wanted.contains(base)) {
                    Path tmp = Files.createTempFile(dir, base, ".part");
                    try {
                        try (OutputStream out = Files.newOutputStream(tmp)) {
                            copy(in, out, size, archive, offset);
                        }
                        Files.move(tmp, dir.resolve(base), StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                    skip(in, padded - size, archive, offset + size);
                    found.add(base);
                } else {
                    skip(in, padded, archive, offset);
                }
                offset += padded;
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw DataFormatException.atByte(archive, 0, "corrupted gzip stream: " + e.getMessage(), e);
        }
        return found;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII).strip();
    }

    private static long octal(byte[] b, int off, int len, Path archive, long at) throws DataFormatException {
        String s = text(b, off, len);
        if (s.isEmpty() || !s.matches("[0-7]{1,11}")) {
            throw DataFormatException.atByte(archive, at + off, "(uncompressed) bad tar size field '" + s + "'");
        }
        return Long.parseLong(s, 8);
    }

    private static void copy(InputStream in, OutputStream out, long size, Path archive, long at) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw DataFormatException.atByte(archive, at + size - left, "(uncompressed) truncated tar member");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long count, Path archive, long at) throws IOException {
        byte[] buf = new byte[BLOCK * 16];
        long left = count;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw DataFormatException.atByte(archive, at + count - left, "(uncompressed) truncated tar archive");
            }
            left -= n;
        }
    }
}

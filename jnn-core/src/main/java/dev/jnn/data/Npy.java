package dev.jnn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npy} (one array) and {@code .npz} (a zip of {@code name.npy} entries) files, to exchange arrays
 * with Python: float32, int32, int64 and uint8, little- or big-endian on reading, C order. Writes format 1.0,
 * little-endian, as {@code numpy.save} does.
 *
 * <pre>{@code
 * Npy.write(Path.of("x.npy"), NpyArray.of(tensor));          // np.load("x.npy")
 * Map<String, NpyArray> arrays = Npy.readNpz(Path.of("data.npz"));   // np.savez("data.npz", x=x, y=y)
 * }</pre>
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads one .npy file. */
    public static NpyArray read(Path file) throws IOException {
        return parse(Io.readAll(file), file.toString());
    }

    /** Reads every array of a .npz file, by name (without ".npy"), in file order. */
    public static Map<String, NpyArray> readNpz(Path file) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        long fileSize = Io.size(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String where = file + "!" + e.getName();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    throw new DataFormatException(where, "", "an .npz holds only .npy entries");
                }
                long claimed = e.getSize();
                if (claimed > Io.MAX_ARRAY || claimed > fileSize * Io.MAX_DEFLATE_RATIO) {
                    throw new DataFormatException(where, "", "entry claims " + claimed + " bytes");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = readBounded(in, Math.min(Io.MAX_ARRAY, fileSize * Io.MAX_DEFLATE_RATIO), where);
                }
                String name = e.getName().substring(0, e.getName().length() - 4);
                out.put(name, parse(bytes, where));
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            // The file exists (its size was read): any other I/O failure here is a corrupt zip or deflate stream.
            throw new DataFormatException(file.toString(), "", "not a valid .npz (zip) file: " + e, e);
        } catch (IllegalArgumentException e) {
            // ZipFile reports some malformed names and headers this way.
            throw new DataFormatException(file.toString(), "", "malformed zip entry: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new DataFormatException(file.toString(), "", "the .npz holds no arrays");
        }
        return out;
    }

    private static byte[] readBounded(InputStream in, long limit, String where) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) {
                throw new DataFormatException(where, "byte " + total, "entry expands beyond " + limit + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Parses the bytes of one .npy file; {@code where} names it in errors. */
    static NpyArray parse(byte[] b, String where) throws DataFormatException {
        if (b.length < 10 || !java.util.Arrays.equals(b, 0, 6, MAGIC, 0, 6)) {
            throw new DataFormatException(where, "byte 0", "not an .npy file (no \\x93NUMPY magic)");
        }
        int major = b[6] & 0xff;
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new DataFormatException(where, "byte 8", "truncated header length");
            }
            headerLen = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            headerStart = 12;
        } else {
            throw new DataFormatException(where, "byte 6", "unsupported .npy format version " + major);
        }
        if (headerLen < 0 || headerStart + (long) headerLen > b.length) {
            throw new DataFormatException(where, "byte 8", "header length " + headerLen + " runs past the end ("
                    + b.length + " bytes)");
        }
        String header = new String(b, headerStart, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new DataFormatException(where, "byte " + headerStart, "header is not a NumPy array description: "
                    + header.strip());
        }
        if (o.group(1).equals("True")) {
            throw new DataFormatException(where, "byte " + headerStart, "Fortran-order arrays are not supported; "
                    + "save with np.ascontiguousarray");
        }
        String kind = d.group(2) + d.group(3);
        String dtype = switch (kind) {
            case "f4" -> "float32";
            case "i4" -> "int32";
            case "i8" -> "int64";
            case "u1" -> "uint8";
            default -> throw new DataFormatException(where, "byte " + headerStart, "dtype '" + d.group(1) + kind
                    + "' is not supported (float32, int32, int64, uint8)");
        };
        int item = Integer.parseInt(d.group(3));
        List<Integer> dims = new ArrayList<>();
        long count = 1;
        for (String part : s.group(1).split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            long v;
            try {
                v = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
            } catch (NumberFormatException e) {
                throw new DataFormatException(where, "byte " + headerStart, "bad shape entry '" + p + "'");
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new DataFormatException(where, "byte " + headerStart, "bad dimension " + v);
            }
            dims.add((int) v);
            count *= v;
            if (count * item > Io.MAX_ARRAY) {
                throw new DataFormatException(where, "byte " + headerStart, "shape " + s.group(1).strip()
                        + " is too large");
            }
        }
        int dataStart = headerStart + headerLen;
        long need = count * item;
        if (b.length - dataStart != need) {
            throw new DataFormatException(where, "byte " + dataStart, "shape (" + s.group(1).strip() + ") of "
                    + dtype + " needs " + need + " data bytes but " + (b.length - dataStart) + " follow the header");
        }
        ByteBuffer buf = ByteBuffer.wrap(b, dataStart, (int) need)
                .order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int n = (int) count;
        Object data = switch (dtype) {
            case "float32" -> { float[] v = new float[n]; buf.asFloatBuffer().get(v); yield v; }
            case "int32" -> { int[] v = new int[n]; buf.asIntBuffer().get(v); yield v; }
            case "int64" -> { long[] v = new long[n]; buf.asLongBuffer().get(v); yield v; }
            default -> java.util.Arrays.copyOfRange(b, dataStart, dataStart + n);
        };
        return new NpyArray(dtype, dims.stream().mapToInt(Integer::intValue).toArray(), data);
    }

    /** The bytes of a .npy file (format 1.0, little-endian, C order). */
    static byte[] encode(NpyArray a) {
        String descr = switch (a.dtype()) {
            case "float32" -> "<f4";
            case "int32" -> "<i4";
            case "int64" -> "<i8";
            default -> "|u1";
        };
        int[] shape = a.shape();
        StringBuilder sh = new StringBuilder();
        for (int d : shape) {
            sh.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : shape.length == 0 ? ""
                : sh.substring(0, sh.length() - 2);
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        // Pad with spaces so that the data starts at a multiple of 64 bytes; the header ends with a newline.
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        int item = descr.charAt(2) - '0';
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + a.size() * item).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        switch (a.data()) {
            case float[] v -> buf.asFloatBuffer().put(v);
            case int[] v -> buf.asIntBuffer().put(v);
            case long[] v -> buf.asLongBuffer().put(v);
            case byte[] v -> buf.put(v);
            default -> throw new IllegalStateException("unreachable");
        }
        return buf.array();
    }

    /** Writes one array as .npy (to a temporary file, then renamed into place). */
    public static void write(Path file, NpyArray array) throws IOException {
        writeAtomically(file, out -> out.write(encode(array)));
    }

    /** Writes arrays as an .npz (entries {@code name.npy}, deflated), as {@code numpy.savez_compressed} does. */
    public static void writeNpz(Path file, Map<String, NpyArray> arrays) throws IOException {
        writeAtomically(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (var e : arrays.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                    zip.write(encode(e.getValue()));
                    zip.closeEntry();
                }
            }
        });
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

package dev.jnn.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one exception every reader of this package throws for bad input: truncated, corrupted or inconsistent files.
 * The message names the file, the position (byte offset or line) and the problem.
 */
public final class DataFormatException extends IOException {

    private final String file;
    private final String position;

    public DataFormatException(String file, String position, String problem) {
        super(file + (position.isEmpty() ? "" : " at " + position) + ": " + problem);
        this.file = file;
        this.position = position;
    }

    public DataFormatException(String file, String position, String problem, Throwable cause) {
        this(file, position, problem);
        initCause(cause);
    }

    static DataFormatException atByte(Path file, long offset, String problem) {
        return new DataFormatException(String.valueOf(file), "byte " + offset, problem);
    }

    static DataFormatException atByte(Path file, long offset, String problem, Throwable cause) {
        return new DataFormatException(String.valueOf(file), "byte " + offset, problem, cause);
    }

    static DataFormatException atLine(Path file, long line, String problem) {
        return new DataFormatException(String.valueOf(file), "line " + line, problem);
    }

    /** The file (or entry) that was being read. */
    public String file() {
        return file;
    }

    /** Where in the file the problem was found, e.g. "byte 16" or "line 3"; empty when it concerns the whole file. */
    public String position() {
        return position;
    }
}

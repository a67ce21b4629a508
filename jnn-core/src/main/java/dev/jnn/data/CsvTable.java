package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A CSV file with a header row, held as text; columns are chosen by name when turning it into a data set.
 * Fields are separated by commas and may be double-quoted ({@code ""} inside quotes is a quote). Every row must
 * have as many fields as the header.
 *
 * <pre>{@code
 * CsvTable iris = CsvTable.read(Path.of("../shared/datasets/iris/iris.csv"));
 * TensorDataset data = iris.classification(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
 *                                          "species");   // x: [150, 4], labels 0..2, classNames [setosa, ...]
 * }</pre>
 */
public final class CsvTable {

    private final Path file;
    private final List<String> header;
    private final List<String[]> rows;
    private final int[] lines;

    private CsvTable(Path file, List<String> header, List<String[]> rows, int[] lines) {
        this.file = file;
        this.lines = lines;
        this.header = header;
        this.rows = rows;
    }

    /** Reads and checks the whole file (UTF-8). */
    public static CsvTable read(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int lineNo = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Io.open(file, false), decoder), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = split(line, file, lineNo);
                if (header == null) {
                    header = List.of(fields);
                    if (new TreeSet<>(header).size() != header.size()) {
                        throw DataFormatException.atLine(file, lineNo, "header has duplicate column names: " + header);
                    }
                    continue;
                }
                if (fields.length != header.size()) {
                    throw DataFormatException.atLine(file, lineNo, "row has " + fields.length
                            + " fields but the header has " + header.size() + " columns");
                }
                rows.add(fields);
                lines.add(lineNo);
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(String.valueOf(file), "line " + (lineNo + 1), "not valid UTF-8 text", e);
        }
        if (header == null) {
            throw new DataFormatException(String.valueOf(file), "line 1", "empty file: expected a header row");
        }
        if (rows.isEmpty()) {
            throw DataFormatException.atLine(file, lineNo, "no data rows after the header");
        }
        return new CsvTable(file, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String[] split(String line, Path file, int lineNo) throws DataFormatException {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty()) {
                quoted = true;
            } else if (ch == ',') {
                out.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw DataFormatException.atLine(file, lineNo, "unterminated quoted field");
        }
        out.add(field.toString().strip());
        return out.toArray(String[]::new);
    }

    public List<String> header() {
        return header;
    }

    public int rowCount() {
        return rows.size();
    }

    /**
     * Features from the named columns and int labels from {@code labelColumn}: when every label is a whole number
     * 0..9999 the label is that number (class names "0", "1", ...); otherwise the distinct values in sorted order
     * are classes 0, 1, ... (so "setosa", "versicolor", "virginica" become 0, 1, 2).
     */
    public TensorDataset classification(List<String> featureColumns, String labelColumn) throws DataFormatException {
        Tensor x = features(featureColumns);
        int col = column(labelColumn);
        int[] labels = new int[rows.size()];
        boolean numeric = rows.stream().allMatch(r -> r[col].matches("\\d{1,4}"));
        List<String> names;
        if (numeric) {
            int max = 0;
            for (int r = 0; r < labels.length; r++) {
                labels[r] = Integer.parseInt(rows.get(r)[col]);
                max = Math.max(max, labels[r]);
            }
            names = new ArrayList<>();
            for (int i = 0; i <= max; i++) {
                names.add(Integer.toString(i));
            }
        } else {
            TreeSet<String> distinct = new TreeSet<>();
            rows.forEach(r -> distinct.add(r[col]));
            names = List.copyOf(distinct);
            for (int r = 0; r < labels.length; r++) {
                labels[r] = names.indexOf(rows.get(r)[col]);
            }
        }
        return TensorDataset.of(x, labels, names);
    }

    /** Every column except {@code labelColumn} as features. */
    public TensorDataset classification(String labelColumn) throws DataFormatException {
        List<String> features = new ArrayList<>(header);
        features.remove(labelColumn);
        return classification(features, labelColumn);
    }

    /** Features and float targets from the named columns. */
    public TensorDataset regression(List<String> featureColumns, List<String> targetColumns)
            throws DataFormatException {
        return TensorDataset.of(features(featureColumns), features(targetColumns));
    }

    /** The named columns as a float tensor [rows, columns]. */
    public Tensor features(List<String> columns) throws DataFormatException {
        int[] cols = new int[columns.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = column(columns.get(i));
        }
        float[] x = new float[rows.size() * cols.length];
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int c = 0; c < cols.length; c++) {
                String v = row[cols[c]];
                float f;
                try {
                    f = Float.parseFloat(v);
                } catch (NumberFormatException e) {
                    f = Float.NaN;
                }
                if (!Float.isFinite(f)) {
                    throw DataFormatException.atLine(file, lines[r], "column '" + header.get(cols[c]) + "' holds '"
                            + abbreviate(v) + "', not a finite number");
                }
                x[r * cols.length + c] = f;
            }
        }
        return Tensor.of(x, rows.size(), cols.length);
    }

    private int column(String name) throws DataFormatException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw DataFormatException.atLine(file, 1, "no column named '" + name + "'; the header has " + header);
        }
        return i;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}

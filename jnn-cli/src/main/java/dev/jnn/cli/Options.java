package dev.jnn.cli;

import dev.jnn.models.Zoo;
import dev.jnn.nn.Module;
import dev.jnn.tensor.Shape;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** Option parsing and model lookup shared by the commands; bad input becomes a usage error (exit code 2). */
final class Options {

    private Options() {}

    /** Parses {@code 3x224x224} (or a single size like {@code 64}) into a shape. */
    static final class ShapeConverter implements ITypeConverter<Shape> {
        @Override
        public Shape convert(String value) {
            String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("[x,]");
            int[] dims = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    dims[i] = Integer.parseInt(parts[i].trim());
                } catch (NumberFormatException e) {
                    dims[i] = -1;
                }
                if (dims[i] < 1) {
                    throw new TypeConversionException("'" + value + "' is not a shape; write it as CxHxW, e.g. 1x28x28");
                }
            }
            return Shape.of(dims);
        }
    }

    /** {@code 1x28x28}. */
    static String shape(Shape s) {
        return Arrays.stream(s.toArray()).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    static Zoo.Entry entry(CommandSpec spec, String name) {
        try {
            return Zoo.entry(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The model, or a usage error when it does not fit the input (e.g. a CNN on flat features). */
    static Module create(CommandSpec spec, Zoo.Entry entry, Shape input, int classes) {
        try {
            return entry.create(input, classes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}

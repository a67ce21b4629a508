package dev.jnn.cli;

import dev.jnn.diagnose.Summary;
import dev.jnn.models.Zoo;
import dev.jnn.nn.Module;
import dev.jnn.tensor.Shape;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jnn summary}: the layer table of a zoo model, with parameter counts, mult-adds and training memory. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print the layers, output shapes, parameters, mult-adds and memory of a model of the zoo.")
final class SummaryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", description = "the model (see --list)")
    private String model;

    @Option(names = "--input", paramLabel = "CxHxW", converter = Options.ShapeConverter.class,
            description = "input shape of one example (default: the model's usual input, e.g. 3x224x224)")
    private Shape input;

    @Option(names = "--classes", paramLabel = "N", description = "number of classes (default: the model's usual)")
    private Integer classes;

    @Option(names = {"-b", "--batch"}, paramLabel = "B", defaultValue = "32",
            description = "batch size for the training-memory estimate (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--list", description = "list the model names and exit")
    private boolean list;

    @Override
    public Integer call() {
        if (list) {
            Zoo.entries().values().forEach(e -> System.out.printf("%-16s %-12s %s%n", e.name(),
                    Options.shape(e.defaultInput()), e.description()));
            return 0;
        }
        if (model == null) {
            throw new ParameterException(spec.commandLine(), "give --model NAME; models: "
                    + String.join(", ", Zoo.names()));
        }
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be >= 1, got " + batch);
        }
        Zoo.Entry entry = Options.entry(spec, model);
        Shape in = input != null ? input : entry.defaultInput();
        int n = classes != null ? classes : entry.defaultClasses();
        Module m = Options.create(spec, entry, in, n);
        Summary s = Summary.of(m, in);
        System.out.println(model + " for input " + Options.shape(in) + " and " + n + " classes");
        System.out.println(s);
        System.out.println(s.forBatch(batch));
        return 0;
    }
}

package dev.jnn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jnn} command: one sub-command per job. */
@Command(name = "jnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Deep learning for the JVM, in pure Java.",
        subcommands = {TrainCommand.class, SummaryCommand.class, InfoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (used by tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.getSubcommands().get("summary").getCommandSpec().usageMessage()
                .footer("%nModels: " + String.join(", ", dev.jnn.models.Zoo.names()));
        cli.setExecutionExceptionHandler(Main::failure);
        cli.setParameterExceptionHandler(Main::usageError);
        return cli.execute(args);
    }

    /** A usage error: the message and where to find help (the full usage would bury the message), exit code 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, cli.getErr())) {
            cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the options.");
        }
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * An error while running a command (a missing data set, an unreadable file, a model that does not fit): its
     * message without a stack trace, exit code 1. Set JNN_TRACE=1 to see the trace.
     */
    private static int failure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + message);
        if (System.getenv("JNN_TRACE") != null) {
            e.printStackTrace(cli.getErr());
        }
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jnn " + (v == null ? "development build" : v)
                    + " on Java " + Runtime.version()};
        }
    }
}

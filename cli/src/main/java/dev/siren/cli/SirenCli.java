package dev.siren.cli;

import dev.siren.engine.kernels.HugePageArena;
import dev.siren.engine.kernels.NativeBf16Gemm;
import dev.siren.engine.kernels.Simd;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of the {@code siren} command. Each subcommand lives in its own class. */
@Command(name = "siren",
        mixinStandardHelpOptions = true,
        versionProvider = SirenCli.Version.class,
        description = "SIREN for Java: detect harmful content from a frozen LLM's internal representations.",
        subcommands = {
                CommandLine.HelpCommand.class,
                ScoreCommand.class,
                ServeCommand.class,
                FeaturesCommand.class,
                BenchCommand.class,
                TokenizeCommand.class,
                RenderCommand.class,
                TrainCommand.class,
                EvalCommand.class,
        })
public final class SirenCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests as well). */
    public static int run(String... args) {
        return withShortUsageErrors(commandLine()).execute(args);
    }

    /** The command line with every command, its help wrapped at spaces only ({@link WordWrappingHelp}). */
    static CommandLine commandLine() {
        return new CommandLine(new SirenCli()).setHelpFactory(WordWrappingHelp::new)
                .setExecutionExceptionHandler(ExitCodes::handle);
    }

    static CommandLine withShortUsageErrors(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(SirenCli::usageError);
    }

    /** A mistake on the command line: what is wrong and where to look, in two lines, not the whole help. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        java.io.PrintWriter err = cmd.getErr();
        err.println(name + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + name + " --help' for the options and examples.");
        err.flush();
        return ExitCodes.ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SirenCli.class.getPackage().getImplementationVersion();
            return new String[] {"siren " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + ", kernels: " + Simd.summary() + "; " + NativeBf16Gemm.summary() + "; "
                            + HugePageArena.summary()};
        }
    }
}

package dev.siren.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
                TrainCommand.class,
                EvalCommand.class,
        })
public final class SirenCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests as well). */
    public static int run(String... args) {
        return new CommandLine(new SirenCli()).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SirenCli.class.getPackage().getImplementationVersion();
            return new String[] {"siren " + (v == null ? "(development build)" : v)};
        }
    }
}

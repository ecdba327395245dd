package dev.siren.cli;

import dev.siren.engine.ModelFormatException;
import dev.siren.guard.agent.AgentHead;
import dev.siren.guard.head.InvalidHeadException;
import dev.siren.guard.progress.ConsoleProgress;
import dev.siren.tokenizer.TokenizerException;
import dev.siren.train.agent.AgentSirenTrainer;
import dev.siren.train.agent.AgentSirenTraining;
import dev.siren.train.agent.Penalty;
import dev.siren.train.data.DataFileException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The {@code --method} of {@code siren train} and the options only Agent-SIREN training has; {@code agent-siren}
 * trains with {@link AgentSirenTraining}, reusing train's --backbone, --train, --out, --c-grid, --folds, --seed,
 * --threshold, --max-length, --batch-size and --threads.
 */
final class AgentTrainMethod {

    static final double[] DEFAULT_C_GRID = {0.001, 0.01, 0.1, 1};

    @Option(names = "--method", defaultValue = "siren", paramLabel = "METHOD",
            description = "siren (default), or agent-siren: a linear readout of the last token of conversations"
                    + " (JSONL rows {\"messages\", \"tools\"?, \"label\", \"source\"?}; docs/agent-siren.md).")
    String method;

    @Option(names = "--layers", split = ",", paramLabel = "L",
            description = "agent-siren: candidate hidden states, Hugging Face numbering (default: every layer).")
    int[] layers;

    @Option(names = "--penalty", defaultValue = "l2", paramLabel = "l1|l2",
            description = "agent-siren: the readout's regulariser (default: ${DEFAULT-VALUE}).")
    String penalty;

    /** True when agent-siren was asked for; an unknown method is a bad option. */
    boolean selected() {
        return switch (method) {
            case "siren" -> false;
            case "agent-siren" -> true;
            default -> throw new CliException("--method must be siren or agent-siren, got '" + method + "'");
        };
    }

    /** Trains and writes the head; bad data, backbone or options are a {@link CliException}. */
    void run(TrainCommand train, boolean maxLengthGiven, PrintWriter out, PrintWriter err) throws IOException {
        Penalty regulariser = switch (penalty.toLowerCase(Locale.ROOT)) {
            case "l1" -> Penalty.L1;
            case "l2" -> Penalty.L2;
            default -> throw new CliException("--penalty must be l1 or l2, got '" + penalty + "'");
        };
        try {
            var options = new AgentSirenTraining.Options(train.backboneName, train.trainFiles, train.out,
                    layers != null ? layers : new int[0],
                    new AgentSirenTrainer.Options(train.cGrid != null ? train.cGrid : DEFAULT_C_GRID, regulariser,
                            train.folds, train.seed, train.threshold),
                    maxLengthGiven ? train.maxLength : AgentHead.DEFAULT_MAX_TOKENS, train.batchSize,
                    train.threads != null ? train.threads : 0);
            AgentSirenTraining.Outcome outcome = AgentSirenTraining.run(options, ConsoleProgress.on(err));
            out.printf("head written to %s (hidden state %d, C %s); report: %s%n", outcome.out(),
                    outcome.result().hiddenState(), outcome.result().c(), outcome.out().resolve("training_report.md"));
            out.flush();
        } catch (DataFileException | TokenizerException | ModelFormatException | InvalidHeadException
                 | IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}

package dev.siren.cli;

import dev.siren.train.data.BadRowPolicy;
import dev.siren.train.data.ColumnMapping;
import dev.siren.train.data.DataFileException;
import dev.siren.train.data.Dataset;
import dev.siren.train.data.DatasetReader;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Options shared by the commands that read labelled data ({@code train}, {@code eval}): which fields hold the text,
 * response, label and source, and what to do with bad rows. Defaults follow the project's JSONL schema.
 */
public final class DataOptions {

    @Option(names = "--text-field", defaultValue = "prompt", paramLabel = "NAME",
            description = "Field/column of the text or prompt (default: ${DEFAULT-VALUE}).")
    String textField;

    @Option(names = "--response-field", defaultValue = "response", paramLabel = "NAME",
            description = "Field/column of the response; a non-empty one is scored as prompt + \"\\n\" + response (default: ${DEFAULT-VALUE}).")
    String responseField;

    @Option(names = "--label-field", defaultValue = "label", paramLabel = "NAME",
            description = "Field/column of the label: 1/0, true/false, harmful/unsafe vs safe/benign/unharmful (default: ${DEFAULT-VALUE}).")
    String labelField;

    @Option(names = "--source-field", defaultValue = "source", paramLabel = "NAME",
            description = "Field/column naming each row's source dataset; rows without one use the file name (default: ${DEFAULT-VALUE}).")
    String sourceField;

    @Option(names = "--bad-rows", defaultValue = "fail", paramLabel = "fail|skip",
            description = "Bad rows (invalid JSON, missing label, empty text) stop the run (fail) or are reported and skipped (skip) (default: ${DEFAULT-VALUE}).")
    String badRows;

    /** Reads every file, reporting each bad row as FILE:LINE on {@code err}. */
    List<Dataset> read(List<Path> files, PrintWriter err) {
        BadRowPolicy policy = switch (badRows) {
            case "fail" -> BadRowPolicy.FAIL;
            case "skip" -> BadRowPolicy.SKIP;
            default -> throw new CliException("--bad-rows must be 'fail' or 'skip', got '" + badRows + "'");
        };
        ColumnMapping mapping = new ColumnMapping(textField, blankToNull(responseField), labelField,
                blankToNull(sourceField), "kind");
        DatasetReader reader = new DatasetReader(mapping, policy, bad -> {
            err.println("skipped bad row " + bad);
            err.flush();
        });
        List<Dataset> datasets = new ArrayList<>();
        for (Path file : files) {
            try {
                datasets.add(reader.read(file));
            } catch (DataFileException e) {
                throw new CliException(e.getMessage(), e);
            }
        }
        return datasets;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

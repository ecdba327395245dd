package dev.siren.cli;

import dev.siren.engine.BackboneLocation;
import dev.siren.engine.ModelFormatException;
import dev.siren.tokenizer.Tokenizer;
import dev.siren.tokenizer.TokenizerException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code siren tokenize}: the token ids of texts, as a model's own Hugging Face tokenizer gives them. */
@Command(name = "tokenize",
        description = {"Prints the token ids of each TEXT, one JSON array per line, exactly as Hugging Face's "
                + "tokenizer for the model gives them.",
                "Special tokens are added as the tokenizer's post-processor adds them (Llama 3: <|begin_of_text|> "
                        + "first; Qwen3: none; BERT: [CLS] ... [SEP]). Never pads; truncates only with "
                        + "--max-length, whatever truncation/padding the tokenizer.json carries."},
        footerHeading = "%nExamples:%n",
        footer = {"  siren tokenize --tokenizer models/Qwen3-0.6B \"Hello world\" \"How are you?\"",
                "  siren tokenize --tokenizer bge-small-en-v1.5 \"Hello world\"",
                "  siren tokenize --tokenizer tokenizer.json --no-special --max-length 512 \\",
                "      \"$(cat doc.txt)\""},
        mixinStandardHelpOptions = true)
public final class TokenizeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "FILE_DIR_OR_NAME",
            description = "A tokenizer.json, a model folder holding one (and tokenizer_config.json), or an embedded"
                    + " encoder's name (all-minilm-l6-v2, bge-small-en-v1.5, e5-small-v2).")
    private String tokenizerName;

    @Option(names = "--no-special", description = "Do not add the special tokens (BOS, [CLS], [SEP]...).")
    private boolean noSpecial;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Keep at most N tokens, special tokens included (as Hugging Face truncation does).")
    private Integer maxLength;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "Texts to tokenize (one output line each).")
    private List<String> texts;

    @Override
    public Integer call() {
        if (maxLength != null && maxLength < 1) {
            throw new ParameterException(spec.commandLine(), "--max-length must be at least 1, found " + maxLength);
        }
        Tokenizer tokenizer;
        try {
            tokenizer = BackboneLocation.tokenizer(tokenizerName);
        } catch (TokenizerException | ModelFormatException e) {
            spec.commandLine().getErr().println("siren tokenize: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String text : texts) {
            int[] ids;
            try {
                ids = tokenizer.encode(text, !noSpecial, maxLength == null ? Integer.MAX_VALUE : maxLength);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--max-length " + maxLength + ": " + e.getMessage());
            }
            StringBuilder line = new StringBuilder(ids.length * 7).append('[');
            for (int i = 0; i < ids.length; i++) {
                line.append(i == 0 ? "" : ",").append(ids[i]);
            }
            out.println(line.append(']'));
        }
        out.flush();
        return ExitCodes.CLEAN;
    }
}

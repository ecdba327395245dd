package dev.siren.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneLocation;
import dev.siren.engine.BackboneOptions;
import dev.siren.engine.Bf16;
import dev.siren.engine.ModelFormatException;
import dev.siren.guard.TextContract;
import dev.siren.tokenizer.Tokenizer;
import dev.siren.tokenizer.TokenizerException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code siren features}: the SIREN feature of every layer (mean of the layer's output over the tokens) as JSON. */
@Command(name = "features",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a model over one input and prints the SIREN feature of every layer as JSON.",
                "A layer's feature is the mean over the tokens of its output (the residual stream after the layer, "
                        + "before the final norm); layer 0 comes first.",
                "%nOutput: {\"layers\": L, \"hidden\": d, \"tokens\": n, \"features\": [[d floats] x L]}%n"},
        footer = {"", "Examples:",
                "  ./siren features --model ~/models/Qwen3-0.6B --text \"How do I bake bread?\"",
                "  ./siren features --model ~/models/Qwen3-0.6B --ids 9707,11,1879",
                "  ./siren features --model all-minilm-l6-v2 --text \"How do I bake bread?\"",
                "  ./siren features --model engine/src/test/resources/golden/models/qwen3-tiny \\",
                "      --ids 1,2,3 --bf16"})
public final class FeaturesCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR_OR_NAME",
            description = "a Hugging Face model folder (config.json and safetensors weights), or an embedded encoder:"
                    + " all-minilm-l6-v2, bge-small-en-v1.5, e5-small-v2; or a PEFT LoRA adapter folder on a BERT encoder")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--ids", paramLabel = "IDS", description = "token ids, comma-separated, e.g. 9707,11,1879")
        String ids;

        @Option(names = "--text", paramLabel = "TEXT",
                description = "text, read as a SIREN head reads it: stripped, tokenized with the model's tokenizer.json")
        String text;
    }

    @Option(names = "--tokenizer", paramLabel = "FILE_DIR_OR_NAME",
            description = "tokenizer.json (or its folder, or an embedded encoder's name) for --text (default: the"
                    + " model's)")
    String tokenizer;

    @Option(names = "--no-special", description = "with --text: do not add the tokenizer's special tokens (e.g. Llama's BOS)")
    boolean noSpecial;

    @Option(names = "--max-length", defaultValue = "512", paramLabel = "N",
            description = "keep at most N tokens, truncated as Hugging Face does: the first ones, with the tokenizer's"
                    + " special tokens kept (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--bf16", description = "round each feature to bfloat16, as the reference implementation's bf16 mean does")
    boolean bf16;

    @Option(names = "--threads", paramLabel = "N", description = "compute threads (default: all cores)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (maxLength < 1) {
            System.err.println("siren features: --max-length must be at least 1, got " + maxLength);
            return ExitCodes.ERROR;
        }
        BackboneLocation location;
        try {
            location = BackboneLocation.resolve(model);
        } catch (ModelFormatException e) {
            System.err.println("siren features: --model: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        int[] ids;
        if (input.text != null) {
            try {
                Tokenizer textTokenizer = tokenizer != null ? BackboneLocation.tokenizer(tokenizer) : location.tokenizer();
                ids = (noSpecial ? TextContract.of((text, special) -> textTokenizer.encode(text, false), maxLength)
                        : TextContract.of(textTokenizer, maxLength)).ids(input.text);
            } catch (TokenizerException | ModelFormatException | IllegalArgumentException e) {
                System.err.println("siren features: " + e.getMessage());
                return ExitCodes.ERROR;
            }
        } else {
            try {
                ids = Arrays.stream(input.ids.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                System.err.println("siren features: --ids expects comma-separated integers, got '" + input.ids + "'");
                return ExitCodes.ERROR;
            }
            if (ids.length > maxLength) {
                try {
                    ids = truncateIds(ids, location);
                } catch (TokenizerException | ModelFormatException | IllegalArgumentException e) {
                    System.err.println("siren features: " + e.getMessage());
                    return 2;
                }
            }
        }
        BackboneOptions options = BackboneOptions.defaults();
        if (threads != null) {
            options = options.withThreads(threads);
        }
        try (Backbone backbone = location.open(options)) {
            float[][] features = backbone.layerMeans(List.of(ids))[0];
            if (bf16) {
                Bf16.round(features);
            }
            ObjectMapper json = new ObjectMapper();
            ObjectNode out = json.createObjectNode();
            out.put("layers", backbone.info().numLayers());
            out.put("hidden", backbone.info().hiddenSize());
            out.put("tokens", ids.length);
            ArrayNode rows = out.putArray("features");
            for (float[] layer : features) {
                ArrayNode row = rows.addArray();
                for (float v : layer) {
                    row.add(v);
                }
            }
            System.out.println(json.writeValueAsString(out));
            return ExitCodes.CLEAN;
        } catch (ModelFormatException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("siren features: " + e.getMessage());
            return ExitCodes.ERROR;
        }
    }

    /**
     * The first --max-length ids; ids that carry the tokenizer's special tokens keep them, as a text's ids would
     * (BERT: [CLS] + first N-2 + [SEP]). A model folder without tokenizer.json has no special tokens to keep.
     */
    private int[] truncateIds(int[] ids, BackboneLocation location) {
        Tokenizer idsTokenizer = tokenizer != null ? BackboneLocation.tokenizer(tokenizer)
                : location instanceof BackboneLocation.Folder folder
                        && !Files.isRegularFile(folder.dir().resolve("tokenizer.json")) ? null : location.tokenizer();
        TextContract contract = idsTokenizer == null ? null : TextContract.of(idsTokenizer, maxLength);
        boolean keepSpecial = contract != null && contract.hasSpecialTokens(ids);
        System.err.printf("siren features: input has %d tokens, keeping the first %d (--max-length)%s%n", ids.length,
                maxLength, keepSpecial ? " with the special tokens" : "");
        return keepSpecial ? contract.truncate(ids) : Arrays.copyOf(ids, maxLength);
    }
}

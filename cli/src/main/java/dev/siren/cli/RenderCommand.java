package dev.siren.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.bert.EmbeddedBertModel;
import dev.siren.tokenizer.TokenizerException;
import dev.siren.tokenizer.chat.ChatFormat;
import dev.siren.tokenizer.chat.Conversation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code siren render}: a conversation as the model reads it, through the model's own chat template. */
@Command(name = "render",
        description = {"Prints a conversation rendered through the model's chat template, exactly as Hugging Face's "
                + "apply_chat_template(..., tokenize=False) gives it, and nothing else (UTF-8, no newline added).",
                "The template is the folder's chat_template.jinja, else tokenizer_config.json's chat_template. "
                        + "Encoders (an embedded encoder's name, or a folder without a template) get the plain "
                        + "format: 'role: content' lines (docs/chat-templates.md)."},
        footerHeading = "%nExamples:%n",
        footer = {"  siren render --tokenizer models/Qwen3-0.6B --conversation chat.json",
                "  siren render --tokenizer models/Qwen3-0.6B --conversation chat.json \\",
                "      --enable-thinking false",
                "  siren render --tokenizer all-minilm-l6-v2 --conversation chat.json",
                "%nchat.json: {\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": [...],",
                "            \"add_generation_prompt\": true}",
                "(tools and add_generation_prompt are optional)"},
        mixinStandardHelpOptions = true)
public final class RenderCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "DIR_OR_NAME",
            description = "A model folder (or its tokenizer.json, tokenizer_config.json or a .jinja template), or an "
                    + "embedded encoder's name (${COMPLETION-CANDIDATES}).", completionCandidates = EncoderNames.class)
    private String tokenizer;

    @Option(names = "--conversation", required = true, paramLabel = "FILE",
            description = "A JSON file: {\"messages\": [...], \"tools\": [...]?, \"add_generation_prompt\": bool?}.")
    private Path conversationFile;

    @Option(names = "--enable-thinking", paramLabel = "BOOL", arity = "1",
            description = "Passes enable_thinking to the template (Qwen3: false adds an empty <think></think> after "
                    + "the generation prompt). Unset: the template's default.")
    private Boolean enableThinking;

    @Option(names = "--template-arg", paramLabel = "NAME=JSON",
            description = "Another template variable, its value as JSON (repeatable), e.g. "
                    + "date_string='\"26 Jul 2024\"' or tools_in_user_message=false.")
    private List<String> templateArgs = List.of();

    @Override
    public Integer call() {
        Map<String, Object> args = parseTemplateArgs();
        String text;
        try {
            ChatFormat format = chatFormat();
            Conversation conversation = Conversation.read(conversationFile);
            text = format.render(conversation, args);
        } catch (TokenizerException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("siren render: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        try { // the exact bytes, whatever charset the terminal's locale would give a Writer
            System.out.write(text.getBytes(StandardCharsets.UTF_8));
            System.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ExitCodes.CLEAN;
    }

    private ChatFormat chatFormat() {
        Path path = Path.of(tokenizer);
        if (!Files.exists(path) && EmbeddedBertModel.byName(tokenizer).isPresent()) {
            return ChatFormat.plain(); // an encoder has no chat template
        }
        if (!Files.exists(path)) {
            throw new TokenizerException("no such folder or file: " + tokenizer + " (nor an embedded encoder: "
                    + EmbeddedBertModel.names() + ")");
        }
        return ChatFormat.forTokenizer(path);
    }

    private Map<String, Object> parseTemplateArgs() {
        Map<String, Object> args = new LinkedHashMap<>();
        if (enableThinking != null) {
            args.put("enable_thinking", enableThinking);
        }
        for (String arg : templateArgs) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--template-arg expects NAME=JSON, found '" + arg + "'");
            }
            try {
                args.put(arg.substring(0, eq), JSON.readValue(arg.substring(eq + 1), Object.class));
            } catch (JsonProcessingException e) {
                throw new ParameterException(spec.commandLine(), "--template-arg " + arg.substring(0, eq)
                        + ": the value is not JSON (quote strings: " + arg.substring(0, eq) + "='\"text\"'): "
                        + e.getOriginalMessage());
            }
        }
        return args;
    }

    /** The embedded encoders' names, for the help text. */
    static final class EncoderNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of(EmbeddedBertModel.names().split(", ")).iterator();
        }
    }
}

package dev.siren.tokenizer.chat;

import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a {@link Conversation} into the one text a model reads: a decoder's own chat template
 * ({@link ChatTemplate}), or for encoders, which have none, the documented {@link PlainChatFormat}.
 */
public sealed interface ChatFormat permits ChatTemplate, PlainChatFormat {

    /**
     * The rendered text.
     *
     * @param templateArgs extra template variables, as the keyword arguments of Hugging Face's
     *                     {@code apply_chat_template} (e.g. {@code enable_thinking=false} for Qwen3); JSON-like values
     * @throws dev.siren.tokenizer.TokenizerException when the template fails on this conversation (the message names
     *                                                the template and the line)
     */
    String render(Conversation conversation, Map<String, ?> templateArgs);

    default String render(Conversation conversation) {
        return render(conversation, Map.of());
    }

    /**
     * The chat format of a tokenizer: {@code chat_template.jinja} when the folder has one, else the
     * {@code chat_template} of tokenizer_config.json, else (an encoder, or a folder without a template) the plain
     * format. {@code fileOrDir} is the model folder, its tokenizer.json or tokenizer_config.json, or a .jinja file.
     */
    static ChatFormat forTokenizer(Path fileOrDir) {
        return ChatTemplates.load(fileOrDir);
    }

    static ChatFormat plain() {
        return PlainChatFormat.INSTANCE;
    }
}

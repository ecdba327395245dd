package dev.siren.tokenizer.chat;

import dev.siren.tokenizer.TokenizerException;
import dev.siren.tokenizer.chat.jinja.JinjaTemplate;
import dev.siren.tokenizer.chat.jinja.TemplateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's Jinja chat template with its special tokens, rendering exactly as Hugging Face's
 * {@code apply_chat_template(messages, tools=..., add_generation_prompt=..., tokenize=False, **templateArgs)}: the
 * template sees {@code messages}, {@code tools} (none when the conversation has no tool list), {@code documents}
 * (none), {@code add_generation_prompt}, the special tokens ({@code bos_token}, {@code eos_token}, ...) and the
 * extra arguments. Immutable and thread-safe.
 */
public final class ChatTemplate implements ChatFormat {
    private static final Set<String> RESERVED = Set.of("messages", "tools", "documents", "add_generation_prompt");

    private final JinjaTemplate template;
    private final JinjaTemplate toolTemplate; // the "tool_use" template of a multi-template config, or null
    private final Map<String, String> specialTokens;
    private final String source;

    ChatTemplate(JinjaTemplate template, JinjaTemplate toolTemplate, Map<String, String> specialTokens, String source) {
        this.template = template;
        this.toolTemplate = toolTemplate;
        this.specialTokens = Map.copyOf(specialTokens);
        this.source = source;
    }

    /**
     * A template given as text; {@code specialTokens} maps names such as {@code bos_token} to their strings.
     *
     * @throws TokenizerException for a syntax error, naming {@code source} and the line
     */
    public static ChatTemplate of(String template, Map<String, String> specialTokens, String source) {
        return new ChatTemplate(parse(template, source), null, specialTokens, source);
    }

    static JinjaTemplate parse(String template, String source) {
        try {
            return JinjaTemplate.parse(template);
        } catch (TemplateException e) {
            throw new TokenizerException(source + ": chat template " + e.getMessage(), e);
        }
    }

    /** Where the template was read from (for messages). */
    public String source() {
        return source;
    }

    @Override
    public String render(Conversation conversation, Map<String, ?> templateArgs) {
        for (String name : templateArgs.keySet()) {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("template argument '" + name + "' is set by the conversation");
            }
        }
        Map<String, Object> vars = new LinkedHashMap<>(specialTokens);
        vars.putAll(templateArgs);
        vars.put("messages", conversation.messages().stream().map(Message::fields).toList());
        vars.put("tools", conversation.tools());
        vars.put("documents", null);
        vars.put("add_generation_prompt", conversation.addGenerationPrompt());
        JinjaTemplate chosen = conversation.tools() != null && toolTemplate != null ? toolTemplate : template;
        try {
            return chosen.render(vars);
        } catch (TemplateException e) {
            throw new TokenizerException(source + ": chat template " + e.getMessage(), e);
        }
    }

    /** The special-token variables the template sees (bos_token, eos_token, ...). */
    public Map<String, String> specialTokens() {
        return specialTokens;
    }

    static List<String> specialTokenNames() {
        return List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");
    }
}

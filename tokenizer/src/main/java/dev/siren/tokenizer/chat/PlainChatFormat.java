package dev.siren.tokenizer.chat;

import dev.siren.tokenizer.chat.jinja.JinjaTemplate;
import java.util.Map;

/**
 * The rendering for models without a chat template (encoders such as BERT): one line per message,
 * {@code role: content}; a list of content parts gives its text parts joined by newlines; each tool call adds a line
 * {@code role calls name: arguments} (a JSON string as given, an object as compact JSON); a tool list, when given,
 * comes first as {@code tools: [...]} (JSON); {@code add_generation_prompt} adds a final line {@code assistant:}.
 * Lines are joined with "\n", with no newline at the end. This template is the definition.
 */
public final class PlainChatFormat implements ChatFormat {
    static final PlainChatFormat INSTANCE = new PlainChatFormat();

    static final String TEMPLATE = """
            {%- if tools %}tools: {{ tools | tojson }}{{ '\\n' }}{% endif %}
            {%- for m in messages %}
            {{- m.role }}: {% if m.content is string %}{{ m.content }}
            {%- elif m.content %}{{ m.content | selectattr('text', 'defined') | map(attribute='text') | join('\\n') }}
            {%- endif %}
            {%- for call in m.tool_calls or [] %}
            {%- set f = call.function or call %}
            {{- '\\n' ~ m.role }} calls {{ f.name }}: {{ f.arguments if f.arguments is string else f.arguments | tojson }}
            {%- endfor %}
            {%- if not loop.last %}{{ '\\n' }}{% endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}{{ '\\nassistant:' }}{% endif %}""";

    private final ChatTemplate template = new ChatTemplate(JinjaTemplate.parse(TEMPLATE), null, Map.of(),
            "the plain chat format");

    private PlainChatFormat() {
    }

    @Override
    public String render(Conversation conversation, Map<String, ?> templateArgs) {
        return template.render(conversation, templateArgs);
    }
}

package dev.siren.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.siren.tokenizer.TokenizerException;
import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.json.JsonFields;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the conversation form of {@code /v1/score}: OpenAI-style {@code messages} (system / user / assistant with
 * {@code tool_calls} / tool results) and an optional {@code tools} list. The shape is checked by
 * {@link Conversation#fromJson}, the one reader of conversations; its complaint becomes a 400 whose {@code param}
 * is the field it names (e.g. {@code messages[2].tool_calls}).
 */
final class ConversationInput {

    static final String MESSAGES = "messages";
    private static final String TOOLS = "tools";
    private static final String SOURCE = "request";
    /** The field path a conversation reader's message starts with (after "request: "), quoted or not. */
    private static final Pattern FIELD_PATH = Pattern.compile("^(?:field ')?((?:messages|tools)(?:\\[\\d+]|\\.\\w+)*)");

    private ConversationInput() {
    }

    /** True when the request scores a conversation rather than a text. */
    static boolean isPresent(ObjectNode body) {
        JsonNode messages = body.get(MESSAGES);
        return messages != null && !messages.isNull();
    }

    /** The conversation of a request for which {@link #isPresent} holds. */
    static Conversation read(ObjectNode body) {
        for (String text : new String[] {"prompt", "response"}) {
            JsonNode node = body.get(text);
            if (node != null && !node.isNull()) {
                throw ApiException.invalid("conflicting_fields", MESSAGES, "'messages' cannot be combined with '"
                        + text + "': send either a text ('prompt', 'response'?) or a conversation ('messages', "
                        + "'tools'?).");
            }
        }
        JsonNode messages = body.get(MESSAGES);
        if (!messages.isArray()) {
            throw ApiException.invalid("invalid_type", MESSAGES,
                    "'messages' must be an array of message objects, found " + JsonFields.describe(messages) + ".");
        }
        ObjectNode conversation = body.objectNode();
        conversation.set(MESSAGES, messages);
        if (body.hasNonNull(TOOLS)) {
            conversation.set(TOOLS, body.get(TOOLS));
        }
        try {
            return Conversation.fromJson(Json.write(conversation), SOURCE);
        } catch (TokenizerException e) {
            String problem = e.getMessage().startsWith(SOURCE + ": ")
                    ? e.getMessage().substring(SOURCE.length() + 2) : e.getMessage();
            Matcher field = FIELD_PATH.matcher(problem);
            throw ApiException.invalid("invalid_conversation", field.find() ? field.group(1) : MESSAGES,
                    "Invalid conversation: " + problem + ".");
        }
    }

    /**
     * Checks the text a conversation is scored as (rendered with the guard's chat format) like any other input:
     * not empty, within {@code maxChars}, no unpaired surrogate.
     */
    static void checkRendered(String rendered, int maxChars) {
        RequestFields.text(TextNode.valueOf(rendered), MESSAGES, maxChars);
    }
}

package dev.siren.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;
import java.util.stream.Collectors;

/** The text SIREN scores for a LangChain4j message: its text parts joined by newlines (images are ignored). */
final class Texts {

    private Texts() {
    }

    static String of(UserMessage message) {
        if (message == null) {
            return null;
        }
        if (message.hasSingleText()) {
            return message.singleText();
        }
        return textParts(message.contents());
    }

    /** The last user message of a conversation, as text; null when there is none. */
    static String lastUserText(List<ChatMessage> messages) {
        return UserMessage.findLast(messages).map(Texts::of).orElse(null);
    }

    private static String textParts(List<Content> contents) {
        return contents.stream()
                .filter(TextContent.class::isInstance)
                .map(c -> ((TextContent) c).text())
                .collect(Collectors.joining("\n"));
    }
}

package dev.siren.guard.agent;

import dev.siren.guard.TokenEncoder;
import dev.siren.tokenizer.chat.ChatFormat;
import dev.siren.tokenizer.chat.Conversation;

/** The token ids an Agent-SIREN head reads for a conversation, the same in training and at run time. */
public final class ConversationTokens {

    private ConversationTokens() {
    }

    /**
     * The conversation rendered with {@code format} (no generation prompt unless the conversation asks for one),
     * tokenised without added special tokens (the template writes them, as {@code apply_chat_template} does), cut
     * head-and-tail to {@code maxTokens}.
     */
    public static int[] of(Conversation conversation, ChatFormat format, TokenEncoder tokenizer, int maxTokens) {
        int[] ids = tokenizer.encode(format.render(conversation), false);
        if (ids.length == 0) {
            throw new IllegalArgumentException("the conversation renders to no tokens");
        }
        return AgentHead.headAndTail(ids, maxTokens);
    }
}

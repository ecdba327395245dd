package dev.siren.guard;

import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.chat.Message;
import dev.siren.tokenizer.chat.ToolCall;

import java.util.List;

/**
 * Scores a conversation that grows message by message, e.g. an agent's trajectory checked before each tool call
 * runs. Each append returns the score of the whole conversation so far, as {@link Guard#scoreConversation} would
 * give it. Guards with a conversation-level head do it in time proportional to the new message; the default
 * re-scores the whole conversation. Not thread-safe: one session per conversation.
 */
public interface ConversationSession extends AutoCloseable {

    /** Appends a message and scores the conversation so far with the guard's default threshold. */
    ScoreResult append(Message message);

    /** Appends a message and scores the conversation so far with the given threshold. */
    ScoreResult append(Message message, double threshold);

    /** Appends an assistant turn that makes one tool call (content "") and scores the conversation so far. */
    default ScoreResult appendToolCall(ToolCall call) {
        return append(Message.assistant("", List.of(call)));
    }

    default ScoreResult appendToolCall(ToolCall call, double threshold) {
        return append(Message.assistant("", List.of(call)), threshold);
    }

    /** The conversation appended so far (with the session's tools); null before the first message. */
    Conversation conversation();

    @Override
    void close();
}

package dev.siren.guard;

import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.chat.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The default {@link ConversationSession}: every append scores the whole conversation again. */
final class RescoringConversationSession implements ConversationSession {

    private final Guard guard;
    private final List<Map<String, Object>> tools;
    private final List<Message> messages = new ArrayList<>();

    RescoringConversationSession(Guard guard, List<Map<String, Object>> tools) {
        this.guard = guard;
        this.tools = tools == null ? null : List.copyOf(tools);
    }

    @Override
    public ScoreResult append(Message message) {
        return append(message, guard.defaultThreshold());
    }

    @Override
    public ScoreResult append(Message message, double threshold) {
        List<Message> grown = new ArrayList<>(messages);
        grown.add(message);
        // score before keeping the message: one the template refuses (or a failed score) leaves the session as it was
        ScoreResult result = guard.scoreConversation(new Conversation(grown, tools, false), threshold);
        messages.add(message);
        return result;
    }

    @Override
    public Conversation conversation() {
        return messages.isEmpty() ? null : new Conversation(messages, tools, false);
    }

    @Override
    public void close() {
        messages.clear();
    }
}

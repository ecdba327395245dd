package dev.siren.guard.agent;

import dev.siren.guard.ConversationSession;
import dev.siren.guard.ScoreResult;
import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.chat.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A conversation scored as it grows: each append renders and tokenises the whole conversation (cheap next to the
 * backbone) and runs only the tokens after the part shared with the previous rendering ({@link LastTokenTracker}).
 */
final class AgentConversationSession implements ConversationSession {

    private final AgentSirenGuard guard;
    private final LastTokenTracker tracker;
    private final List<Map<String, Object>> tools;
    private final List<Message> messages = new ArrayList<>();

    AgentConversationSession(AgentSirenGuard guard, LastTokenTracker tracker, List<Map<String, Object>> tools) {
        this.guard = guard;
        this.tracker = tracker;
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
        // render before keeping the message: one the template refuses leaves the session as it was
        int[] ids = guard.tokenize(new Conversation(grown, tools, false));
        messages.add(message);
        return guard.score(tracker, ids, threshold);
    }

    @Override
    public Conversation conversation() {
        return messages.isEmpty() ? null : new Conversation(messages, tools, false);
    }

    /** Tokens the last append ran through the backbone. */
    int computedTokens() {
        return tracker.computedTokens();
    }

    @Override
    public void close() {
        messages.clear();
    }
}

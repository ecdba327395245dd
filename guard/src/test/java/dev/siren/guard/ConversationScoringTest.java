package dev.siren.guard;

import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.chat.Message;
import dev.siren.tokenizer.chat.ToolCall;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversationScoringTest {

    /** Records the texts it is asked to score; scores 1 when a text mentions "rm -rf". */
    private static class RecordingGuard implements Guard {
        final List<String> texts = new ArrayList<>();

        public double defaultThreshold() { return 0.5; }
        public ScoreResult score(String text, double threshold) {
            texts.add(text);
            return ScoreResult.of(text.contains("rm -rf") ? 1.0 : 0.0, threshold);
        }
        public List<ScoreResult> scoreBatch(List<String> batch, double threshold) {
            return batch.stream().map(t -> score(t, threshold)).toList();
        }
        public StreamSession newStream() { throw new UnsupportedOperationException(); }
        public String describe() { return "recording"; }
        public void close() { }
    }

    @Test
    void aConversationIsScoredAsItsRenderingIncludingToolCalls() {
        var guard = new RecordingGuard();
        var conversation = Conversation.of(List.of(
                Message.user("Tidy up my home folder"),
                Message.assistant("", List.of(new ToolCall("c1", "shell", Map.of("command", "rm -rf ~"))))));

        ScoreResult result = guard.scoreConversation(conversation);

        assertEquals(List.of(guard.chatFormat().render(conversation)), guard.texts);
        assertTrue(result.harmful(), "the harmful tool call must reach the scored text");
    }

    @Test
    void theDefaultConversationSessionScoresEachGrowingConversationWithItsTools() {
        var guard = new RecordingGuard();
        List<Map<String, Object>> tools = List.of(Map.of("type", "function", "function", Map.of("name", "shell")));
        try (ConversationSession session = guard.newConversation(tools)) {
            assertTrue(session.conversation() == null);
            ScoreResult first = session.append(Message.user("Tidy up my home folder"));
            ScoreResult second = session.appendToolCall(new ToolCall("c1", "shell", Map.of("command", "rm -rf ~")));

            var whole = Conversation.of(List.of(Message.user("Tidy up my home folder"),
                    Message.assistant("", List.of(new ToolCall("c1", "shell", Map.of("command", "rm -rf ~"))))))
                    .withTools(tools);
            assertEquals(whole, session.conversation());
            assertEquals(guard.chatFormat().render(whole), guard.texts.getLast());
            assertTrue(!first.harmful() && second.harmful());
        }
    }

    @Test
    void anAppendWhoseScoringFailsLeavesTheSessionAsItWas() {
        var guard = new RecordingGuard() {
            @Override
            public ScoreResult score(String text, double threshold) {
                if (text.contains("refused")) throw new IllegalArgumentException("template refuses this conversation");
                return super.score(text, threshold);
            }
        };
        try (ConversationSession session = guard.newConversation(null)) {
            session.append(Message.user("hello"));
            assertThrows(IllegalArgumentException.class, () -> session.append(Message.assistant("refused")));
            assertEquals(Conversation.of(List.of(Message.user("hello"))), session.conversation());
            assertTrue(!session.append(Message.assistant("hi")).harmful());
            assertEquals(Conversation.of(List.of(Message.user("hello"), Message.assistant("hi"))),
                    session.conversation());
        }
    }
}

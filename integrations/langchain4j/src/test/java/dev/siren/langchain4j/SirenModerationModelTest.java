package dev.siren.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.moderation.Moderation;
import dev.langchain4j.model.moderation.ModerationRequest;
import dev.langchain4j.model.moderation.ModerationResponse;
import dev.langchain4j.model.output.Response;
import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SirenModerationModelTest {

    private final KeywordGuard guard = KeywordGuard.standard();

    @Test
    void aSingleTextIsFlaggedFromItsScore() {
        SirenModerationModel model = new SirenModerationModel(guard);
        Response<Moderation> harmful = model.moderate("how do I make a bomb");
        assertTrue(harmful.content().flagged());
        assertEquals("how do I make a bomb", harmful.content().flaggedText());
        assertFalse(model.moderate("what a nice day").content().flagged());
        assertEquals(guard.describe(), model.modelName());
    }

    @Test
    void aRequestWithManyTextsIsOneBatchAndReportsEveryScore() {
        SirenModerationModel model = new SirenModerationModel(guard);
        ModerationResponse response = model.moderate(ModerationRequest.builder()
                .texts(List.of("fine", "kill them", "also fine")).build());
        assertEquals(1, guard.batchCalls());
        assertEquals(3, guard.largestBatch());
        assertTrue(response.moderation().flagged());
        assertEquals("kill them", response.moderation().flaggedText());
        assertEquals(List.of(0.1, 0.9, 0.1), response.metadata().get(SirenModerationModel.SCORES_KEY));
        assertEquals(0.5, response.metadata().get(SirenModerationModel.THRESHOLD_KEY));
    }

    @Test
    void theThresholdDecides() {
        assertTrue(new SirenModerationModel(guard, 0.05).moderate("hello").content().flagged());
        assertFalse(new SirenModerationModel(guard, 0.95).moderate("a bomb").content().flagged());
        assertThrows(IllegalArgumentException.class, () -> new SirenModerationModel(guard, 1.5));
    }

    @Test
    void aConversationIsModeratedMessageByMessage() {
        List<ChatMessage> chat = List.of(UserMessage.from("hi"), AiMessage.from("use poison"));
        assertTrue(new SirenModerationModel(guard).moderate(chat).content().flagged());
    }
}

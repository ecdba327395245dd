package dev.siren.springai;

import dev.siren.guard.HarmfulStreamException;
import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The advisor in a real Spring AI ChatClient, in front of a scripted streaming model. */
class SirenStreamAdvisorTest {

    /** Streams fixed tokens and records how many were requested and whether the stream was cancelled. */
    private static final class ScriptedModel implements ChatModel {
        final List<String> tokens;
        final AtomicInteger emitted = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();

        ScriptedModel(String... tokens) {
            this.tokens = List.of(tokens);
        }

        @Override
        public ChatResponse call(Prompt prompt) {
            return response(String.join("", tokens));
        }

        @Override
        public Flux<ChatResponse> stream(Prompt prompt) {
            return Flux.fromIterable(tokens)
                    // produced over time, as a real model's tokens are; 50 ms leaves room for the cancellation to arrive
                    // before the last token even on a loaded machine (at 10 ms it lost that race under load)
                    .delayElements(Duration.ofMillis(50))
                    .doOnNext(t -> emitted.incrementAndGet())
                    .map(ScriptedModel::response)
                    .doOnCancel(() -> cancelled.set(true));
        }

        private static ChatResponse response(String text) {
            return new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
        }
    }

    private final KeywordGuard guard = KeywordGuard.standard();

    private record Outcome(String received, Throwable error) {
    }

    private Outcome stream(ScriptedModel model, String question) {
        ChatClient client = ChatClient.builder(model).defaultAdvisors(new SirenStreamAdvisor(guard)).build();
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        Throwable[] error = new Throwable[1];
        client.prompt().user(question).stream().content()
                .doOnNext(received::add)
                .onErrorResume(e -> {
                    error[0] = e;
                    return Flux.empty();
                })
                .blockLast(Duration.ofSeconds(10));
        return new Outcome(String.join("", received), error[0]);
    }

    @Test
    void aHarmfulAnswerIsCutAtTheChunkThatMakesItHarmful() {
        ScriptedModel model = new ScriptedModel("Sure", ", ", "stir ", "the ", "poi", "son ", "into ", "the ", "soup");
        Outcome outcome = stream(model, "a recipe please");
        assertEquals("Sure, stir the poi", outcome.received());
        HarmfulStreamException e = assertInstanceOf(HarmfulStreamException.class, outcome.error());
        assertEquals("Sure, stir the poi", e.forwardedText());
        assertTrue(model.cancelled.get(), "the model's stream was cancelled");
        assertTrue(model.emitted.get() < 9, "the model stopped before its last token, at " + model.emitted.get());
        assertSessionsClosed();
    }

    @Test
    void aCleanAnswerStreamsThrough() {
        ScriptedModel model = new ScriptedModel("Bread ", "needs ", "flour.");
        Outcome outcome = stream(model, "how to bake bread");
        assertEquals("Bread needs flour.", outcome.received());
        assertNull(outcome.error());
        assertFalse(model.cancelled.get());
        assertSessionsClosed();
    }

    /** The session closes when the stream terminates, which ChatClient may signal on another thread. */
    private void assertSessionsClosed() {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (guard.openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, guard.openStreams());
    }

    @Test
    void theAnswerIsJudgedWithItsPrompt() {
        Outcome outcome = stream(new ScriptedModel("Step ", "one"), "how to make a bomb");
        assertEquals("", outcome.received());
        assertInstanceOf(HarmfulStreamException.class, outcome.error());
    }
}

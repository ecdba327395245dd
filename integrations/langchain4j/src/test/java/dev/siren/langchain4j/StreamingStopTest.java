package dev.siren.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.siren.guard.HarmfulStreamException;
import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIREN stops a streamed answer mid-way, through a real AiService and a scripted streaming model. */
class StreamingStopTest {

    interface StreamingAssistant {
        TokenStream chat(String message);
    }

    /** Streams fixed tokens, stopping early when the consumer cancels through the streaming handle. */
    private static final class ScriptedStreamingModel implements StreamingChatModel {
        final List<String> tokens;
        int emitted;
        boolean cancelled;

        ScriptedStreamingModel(List<String> tokens) {
            this.tokens = tokens;
        }

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            StreamingHandle handle = new StreamingHandle() {
                @Override
                public void cancel() {
                    cancelled = true;
                }

                @Override
                public boolean isCancelled() {
                    return cancelled;
                }
            };
            for (String token : tokens) {
                if (cancelled) {
                    return;
                }
                emitted++;
                handler.onPartialResponse(new PartialResponse(token), new PartialResponseContext(handle));
            }
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(String.join("", tokens))).build());
        }
    }

    private final KeywordGuard guard = KeywordGuard.standard();

    private record Outcome(String received, Throwable error, ChatResponse complete) {
    }

    private Outcome stream(StreamingChatModel model, String question) throws Exception {
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(new SirenStreamingChatModel(model, guard))
                .build();
        StringBuilder received = new StringBuilder();
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        assistant.chat(question)
                .onPartialResponse(received::append)
                .onCompleteResponse(r -> done.complete(new Outcome(received.toString(), null, r)))
                .onError(e -> done.complete(new Outcome(received.toString(), e, null)))
                .start();
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aHarmfulAnswerIsCutAtTheChunkThatMakesItHarmful() throws Exception {
        ScriptedStreamingModel model = new ScriptedStreamingModel(
                List.of("Sure", ", ", "stir ", "the ", "poi", "son ", "into ", "the ", "soup"));
        Outcome outcome = stream(model, "a recipe please");
        assertEquals("Sure, stir the poi", outcome.received(), "chunks before the harmful one are delivered");
        HarmfulStreamException e = assertInstanceOf(HarmfulStreamException.class, outcome.error());
        assertEquals("Sure, stir the poi", e.forwardedText());
        assertEquals(KeywordGuard.HARMFUL_SCORE, e.score(), 1e-12);
        assertTrue(model.cancelled, "the upstream stream was cancelled");
        assertEquals(6, model.emitted, "the model stopped generating right after the harmful chunk");
        assertEquals(0, guard.openStreams(), "the stream session was closed");
    }

    @Test
    void aCleanAnswerStreamsThrough() throws Exception {
        ScriptedStreamingModel model = new ScriptedStreamingModel(List.of("Bread ", "needs ", "flour."));
        Outcome outcome = stream(model, "how to bake bread");
        assertEquals("Bread needs flour.", outcome.received());
        assertEquals(null, outcome.error());
        assertEquals("Bread needs flour.", outcome.complete().aiMessage().text());
        assertFalse(model.cancelled);
        assertEquals(0, guard.openStreams());
    }

    @Test
    void theAnswerIsJudgedWithItsPrompt() throws Exception {
        ScriptedStreamingModel model = new ScriptedStreamingModel(List.of("Step ", "one: ", "..."));
        Outcome outcome = stream(model, "how to make a bomb");
        assertEquals("", outcome.received(), "the first chunk already makes the pair harmful");
        assertInstanceOf(HarmfulStreamException.class, outcome.error());
    }
}

package dev.siren.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.siren.guard.Guard;
import dev.siren.guard.HarmfulStreamException;
import dev.siren.guard.PairStream;
import dev.siren.guard.ScoreResult;

import java.util.function.Consumer;

/**
 * Wraps a {@link StreamingChatResponseHandler} so that each partial response is scored (with the prompt, through a
 * SIREN stream session: the cost is the new chunk, not the whole prefix) before it is passed on. When the response
 * so far turns harmful, the upstream stream is cancelled (when the model supports cancellation), the chunk is
 * withheld, and the delegate gets {@link HarmfulStreamException} in {@code onError}; nothing is forwarded after.
 * One handler per stream; LangChain4j calls a handler from one thread at a time.
 */
public final class SirenStreamingHandler implements StreamingChatResponseHandler {

    private final StreamingChatResponseHandler delegate;
    private final PairStream stream;
    private final double threshold;
    private final Consumer<AiMessage> toolCallCheck;
    private final StringBuilder forwarded = new StringBuilder();
    private boolean stopped;

    /** Starts scoring a response to {@code prompt} (null: score the response alone). */
    public SirenStreamingHandler(Guard guard, double threshold, String prompt, StreamingChatResponseHandler delegate) {
        this(guard, threshold, prompt, delegate, answer -> { });
    }

    /**
     * Also runs {@code toolCallCheck} on the complete answer before passing it on, so that a refused tool call
     * reaches the delegate as its error instead of reaching the code that would execute it.
     */
    SirenStreamingHandler(Guard guard, double threshold, String prompt, StreamingChatResponseHandler delegate,
                          Consumer<AiMessage> toolCallCheck) {
        this.delegate = delegate;
        this.toolCallCheck = toolCallCheck;
        this.threshold = ScoreResult.checkThreshold(threshold);
        this.stream = PairStream.open(guard, prompt);
    }

    @Override
    public void onPartialResponse(String partialResponse) {
        if (admit(partialResponse, null)) {
            delegate.onPartialResponse(partialResponse);
        }
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
        if (admit(partialResponse.text(), context)) {
            delegate.onPartialResponse(partialResponse, context);
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
        if (!stopped) {
            stopped = true;
            stream.close();
            try {
                toolCallCheck.accept(completeResponse.aiMessage());
            } catch (RuntimeException refusedOrUnscorable) { // fail closed: an unchecked call must not run
                delegate.onError(refusedOrUnscorable);
                return;
            }
            delegate.onCompleteResponse(completeResponse);
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!stopped) {
            stopped = true;
            stream.close();
            delegate.onError(error);
        }
    }

    /** Whether the response was stopped by SIREN or ended. */
    public boolean stopped() {
        return stopped;
    }

    /** Scores the chunk; returns whether it may be forwarded, stopping the stream when it may not. */
    private boolean admit(String chunk, PartialResponseContext context) {
        if (stopped) {
            return false;
        }
        if (chunk == null || chunk.isEmpty()) {
            return true;
        }
        ScoreResult result = stream.append(chunk, threshold);
        if (!result.harmful()) {
            forwarded.append(chunk);
            return true;
        }
        stopped = true;
        stream.close();
        if (context != null) {
            context.streamingHandle().cancel();
        }
        delegate.onError(new HarmfulStreamException(result.score(), threshold, forwarded.toString()));
        return false;
    }
}

package dev.siren.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.siren.guard.Guard;
import dev.siren.guard.HarmfulToolCallException;
import dev.siren.guard.ScoreResult;

import java.util.List;
import java.util.Set;

/**
 * A {@link StreamingChatModel} that streams another model's answer through SIREN and stops it mid-way once the
 * answer (scored with the last user message) turns harmful; see {@link SirenStreamingHandler}. Use it wherever the
 * wrapped model was used, e.g. {@code AiServices.builder(Assistant.class).streamingChatModel(new
 * SirenStreamingChatModel(openAi, guard))}. LangChain4j's own output guardrails only run after a stream completes.
 * Tool calls in the complete answer are checked in their conversation as {@link SirenToolCallChatModel} does; a
 * harmful one reaches the handler as {@link HarmfulToolCallException} and is never executed.
 */
public final class SirenStreamingChatModel implements StreamingChatModel {

    private final StreamingChatModel model;
    private final Guard guard;
    private final double threshold;
    private final ToolCallCheck toolCalls;

    public SirenStreamingChatModel(StreamingChatModel model, Guard guard) {
        this(model, guard, guard.defaultThreshold());
    }

    public SirenStreamingChatModel(StreamingChatModel model, Guard guard, double threshold) {
        this.model = model;
        this.guard = guard;
        this.threshold = ScoreResult.checkThreshold(threshold);
        this.toolCalls = new ToolCallCheck(guard, threshold);
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        model.chat(request, guarded(request, handler));
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        model.chat(request, options, guarded(request, handler));
    }

    private SirenStreamingHandler guarded(ChatRequest request, StreamingChatResponseHandler handler) {
        return new SirenStreamingHandler(guard, threshold, Texts.lastUserText(request.messages()), handler,
                answer -> toolCalls.check(request.messages(), answer, request.toolSpecifications()));
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return model.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return model.listeners();
    }

    @Override
    public ModelProvider provider() {
        return model.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return model.supportedCapabilities();
    }
}

package dev.siren.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.siren.guard.Guard;
import dev.siren.guard.HarmfulToolCallException;

import java.util.List;
import java.util.Set;

/**
 * A {@link ChatModel} that checks every tool call the wrapped model requests before anyone can execute it: each
 * call is scored in its conversation (the messages the model was sent, its assistant turn up to that call, and the
 * tools it was offered) and a harmful one ends the call with {@link HarmfulToolCallException}; the tool never runs.
 * Use it wherever the model was used, e.g. {@code AiServices.builder(Agent.class).chatModel(new
 * SirenToolCallChatModel(openAi, guard)).tools(new MyTools())}.
 *
 * <p>It checks at the model's answer, not in the tool executor, because only there are the whole conversation and
 * the tool list at hand whether or not the AI service keeps a chat memory, and because a refused answer never
 * enters the memory, which would otherwise end with a tool call that has no result.
 */
public final class SirenToolCallChatModel implements ChatModel {

    private final ChatModel model;
    private final ToolCallCheck check;

    public SirenToolCallChatModel(ChatModel model, Guard guard) {
        this(model, guard, guard.defaultThreshold());
    }

    public SirenToolCallChatModel(ChatModel model, Guard guard, double threshold) {
        this.model = model;
        this.check = new ToolCallCheck(guard, threshold);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return checked(request, model.chat(request));
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
        return checked(request, model.chat(request, options));
    }

    private ChatResponse checked(ChatRequest request, ChatResponse response) {
        check.check(request.messages(), response.aiMessage(), request.toolSpecifications());
        return response;
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

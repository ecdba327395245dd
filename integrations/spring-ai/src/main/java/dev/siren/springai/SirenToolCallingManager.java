package dev.siren.springai;

import dev.siren.guard.Guard;
import dev.siren.guard.HarmfulToolCallException;
import dev.siren.guard.ScoreResult;
import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.chat.Message;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.definition.ToolDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link ToolCallingManager} that scores every tool call of a response in its conversation before the wrapped
 * manager executes any of them: the prompt's messages, then the assistant turn with its calls up to and including
 * this one, with the tools the prompt offered ({@link Guard#scoreConversation}). A harmful call ends the chat call
 * with {@link HarmfulToolCallException}; no tool of that response runs.
 *
 * <p>Give it wherever a ToolCallingManager goes: ChatClient's tool-calling advisor
 * ({@code ToolCallingAdvisor.builder().toolCallingManager(new SirenToolCallingManager(ToolCallingManager.builder()
 * .build(), guard))}), or a provider's chat model builder ({@code .toolCallingManager(...)}) for the model's own
 * tool loop. It guards here rather than in each {@code ToolCallback}: a callback's {@code ToolContext} holds only
 * what the application put there, not the conversation.
 */
public final class SirenToolCallingManager implements ToolCallingManager {

    private final ToolCallingManager delegate;
    private final Guard guard;
    private final double threshold;

    public SirenToolCallingManager(ToolCallingManager delegate, Guard guard) {
        this(delegate, guard, guard.defaultThreshold());
    }

    public SirenToolCallingManager(ToolCallingManager delegate, Guard guard, double threshold) {
        this.delegate = delegate;
        this.guard = guard;
        this.threshold = ScoreResult.checkThreshold(threshold);
    }

    @Override
    public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions options) {
        return delegate.resolveToolDefinitions(options);
    }

    /** @throws HarmfulToolCallException for the first call that scores harmful; then no tool is run */
    @Override
    public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse response) {
        AssistantMessage answer = response.getResults().stream().map(Generation::getOutput)
                .filter(AssistantMessage::hasToolCalls).findFirst().orElse(null);
        if (answer != null) {
            check(prompt, answer);
        }
        return delegate.executeToolCalls(prompt, response);
    }

    private void check(Prompt prompt, AssistantMessage answer) {
        List<Message> history = new ArrayList<>();
        prompt.getInstructions().forEach(message -> history.addAll(Conversations.messages(message)));
        List<Map<String, Object>> tools = prompt.getOptions() instanceof ToolCallingChatOptions options
                ? resolveToolDefinitions(options).stream().map(Conversations::tool).toList() : List.of();
        List<AssistantMessage.ToolCall> calls = answer.getToolCalls();
        for (int i = 0; i < calls.size(); i++) {
            List<Message> messages = new ArrayList<>(history);
            messages.add(Conversations.assistant(answer, calls.subList(0, i + 1)));
            Conversation conversation = new Conversation(messages, tools.isEmpty() ? null : tools, false);
            ScoreResult result = guard.scoreConversation(conversation, threshold);
            if (result.harmful()) {
                AssistantMessage.ToolCall call = calls.get(i);
                throw new HarmfulToolCallException(call.name(), call.arguments(), result.score(), threshold);
            }
        }
    }
}

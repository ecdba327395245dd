package dev.siren.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.siren.guard.Guard;
import dev.siren.guard.HarmfulToolCallException;
import dev.siren.guard.ScoreResult;
import dev.siren.tokenizer.chat.Conversation;
import dev.siren.tokenizer.chat.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores each tool call a model requested in its conversation: the messages the model was sent, then the assistant
 * turn with the calls up to and including this one, with the tools it was offered ({@link Guard#scoreConversation}).
 */
final class ToolCallCheck {

    private final Guard guard;
    private final double threshold;

    ToolCallCheck(Guard guard, double threshold) {
        this.guard = guard;
        this.threshold = ScoreResult.checkThreshold(threshold);
    }

    double threshold() {
        return threshold;
    }

    /**
     * @throws HarmfulToolCallException for the first call that scores harmful
     */
    void check(List<ChatMessage> sent, AiMessage answer, List<ToolSpecification> offered) {
        if (answer == null || !answer.hasToolExecutionRequests()) {
            return;
        }
        List<Message> history = sent.stream().map(Conversations::message).toList();
        List<Map<String, Object>> tools = Conversations.tools(offered);
        List<ToolExecutionRequest> requests = answer.toolExecutionRequests();
        for (int i = 0; i < requests.size(); i++) {
            List<Message> messages = new ArrayList<>(history);
            messages.add(Message.assistant(Conversations.textOf(answer),
                    requests.subList(0, i + 1).stream().map(Conversations::call).toList()));
            ScoreResult result = guard.scoreConversation(new Conversation(messages, tools, false), threshold);
            if (result.harmful()) {
                ToolExecutionRequest call = requests.get(i);
                throw new HarmfulToolCallException(call.name(), call.arguments(), result.score(), threshold);
            }
        }
    }
}

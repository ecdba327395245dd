package dev.siren.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.guardrail.GuardrailRequestParams;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.input.PromptTemplate;
import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;

/**
 * An {@link OutputGuardrail} that scores the model's answer together with the user message it answers
 * (SIREN's response heads are trained on prompt + response pairs) and fails the call, fatally, when the pair
 * is harmful. The user message is found as {@link #promptOf} says; when there is none the answer is scored alone.
 */
public final class SirenOutputGuardrail implements OutputGuardrail {

    private final Guard guard;
    private final double threshold;

    public SirenOutputGuardrail(Guard guard) {
        this(guard, guard.defaultThreshold());
    }

    public SirenOutputGuardrail(Guard guard, double threshold) {
        this.guard = guard;
        this.threshold = ScoreResult.checkThreshold(threshold);
    }

    @Override
    public OutputGuardrailResult validate(OutputGuardrailRequest request) {
        AiMessage answer = request.responseFromLLM().aiMessage();
        String response = answer == null ? null : answer.text();
        if (response == null || response.isEmpty()) {
            return success(); // a tool call or an empty answer has no text to judge
        }
        String prompt = promptOf(request.requestParams());
        ScoreResult result = prompt == null || prompt.isEmpty()
                ? guard.score(response, threshold)
                : guard.score(prompt, response, threshold);
        return result.harmful() ? fatal(Thresholds.explain("response", result.score(), threshold)) : success();
    }

    /**
     * The user message the answer responds to. AiServices does not always fill the invocation context's user
     * message, so this falls back to the last user message in chat memory, then to the user message template
     * rendered with the method's arguments (what AiServices sent).
     */
    static String promptOf(GuardrailRequestParams params) {
        if (params == null) {
            return null;
        }
        InvocationContext context = params.invocationContext();
        if (context != null && context.userMessage() != null) {
            return Texts.of(context.userMessage());
        }
        if (params.chatMemory() != null) {
            String last = Texts.lastUserText(params.chatMemory().messages());
            if (last != null) {
                return last;
            }
        }
        String template = params.userMessageTemplate();
        if (template == null || template.isEmpty()) {
            return null;
        }
        try {
            return PromptTemplate.from(template).apply(params.variables()).text();
        } catch (IllegalArgumentException e) {
            return template; // a variable is missing: the raw template is the closest text available
        }
    }
}

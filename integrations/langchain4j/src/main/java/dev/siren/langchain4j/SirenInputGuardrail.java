package dev.siren.langchain4j;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;

/**
 * An {@link InputGuardrail} that scores the user's message before it reaches the model and stops the call
 * (a fatal result) when it is harmful. Register with {@code AiServices.builder(...).inputGuardrails(...)}.
 */
public final class SirenInputGuardrail implements InputGuardrail {

    private final Guard guard;
    private final double threshold;

    public SirenInputGuardrail(Guard guard) {
        this(guard, guard.defaultThreshold());
    }

    public SirenInputGuardrail(Guard guard, double threshold) {
        this.guard = guard;
        this.threshold = ScoreResult.checkThreshold(threshold);
    }

    @Override
    public InputGuardrailResult validate(UserMessage userMessage) {
        String text = Texts.of(userMessage);
        if (text == null || text.isEmpty()) {
            return success();
        }
        ScoreResult result = guard.score(text, threshold);
        return result.harmful() ? fatal(Thresholds.explain("prompt", result.score(), threshold)) : success();
    }
}

package dev.siren.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.moderation.Moderation;
import dev.langchain4j.model.moderation.ModerationModel;
import dev.langchain4j.model.moderation.ModerationRequest;
import dev.langchain4j.model.moderation.ModerationResponse;
import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;

import java.util.List;
import java.util.Map;

/**
 * A LangChain4j {@link ModerationModel} backed by a SIREN guard. All texts of a request are scored in one batch;
 * the request is flagged when any text scores at or above the threshold, and {@link Moderation#flaggedText()} is
 * the first such text. The scores themselves are in the response metadata under {@code siren.scores} (one per
 * text, in order) and {@code siren.threshold}. Works with {@code MessageModeratorInputGuardrail} and
 * {@code @Moderate} as any moderation model does.
 */
public final class SirenModerationModel implements ModerationModel {

    public static final String SCORES_KEY = "siren.scores";
    public static final String THRESHOLD_KEY = "siren.threshold";

    private final Guard guard;
    private final double threshold;

    /** Moderates with the guard's default threshold. */
    public SirenModerationModel(Guard guard) {
        this(guard, guard.defaultThreshold());
    }

    public SirenModerationModel(Guard guard, double threshold) {
        this.guard = guard;
        this.threshold = ScoreResult.checkThreshold(threshold);
    }

    @Override
    public ModerationResponse doModerate(ModerationRequest request) {
        List<String> texts = request.texts();
        List<ScoreResult> results = texts.isEmpty() ? List.of() : guard.scoreBatch(texts, threshold);
        Moderation moderation = Moderation.notFlagged();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).harmful()) {
                moderation = Moderation.flagged(texts.get(i));
                break;
            }
        }
        return ModerationResponse.builder()
                .moderation(moderation)
                .metadata(Map.of(SCORES_KEY, results.stream().map(ScoreResult::score).toList(), THRESHOLD_KEY, threshold))
                .build();
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public String modelName() {
        return guard.describe();
    }
}

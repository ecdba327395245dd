package dev.siren.springai;

import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import org.springframework.ai.moderation.Categories;
import org.springframework.ai.moderation.CategoryScores;
import org.springframework.ai.moderation.Generation;
import org.springframework.ai.moderation.Moderation;
import org.springframework.ai.moderation.ModerationModel;
import org.springframework.ai.moderation.ModerationPrompt;
import org.springframework.ai.moderation.ModerationResponse;
import org.springframework.ai.moderation.ModerationResponseMetadata;
import org.springframework.ai.moderation.ModerationResult;

import java.util.List;
import java.util.UUID;

/**
 * A Spring AI {@link ModerationModel} backed by a SIREN guard.
 *
 * <p>SIREN gives one harmfulness score, not categories. {@link ModerationResult#isFlagged()} is
 * {@code score >= threshold}; the per-category booleans and scores are <b>not supported</b> and are left at
 * false / 0.0 (Spring AI's types have no "unknown"), so read {@code isFlagged()} and the score, never a category.
 * The score and threshold are in the response metadata under {@link #SCORE_KEY} and {@link #THRESHOLD_KEY}.
 * The prompt's options (e.g. a model name) are ignored: the guard is fixed at construction.
 */
public final class SirenModerationModel implements ModerationModel {

    public static final String SCORE_KEY = "siren.score";
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
    public ModerationResponse call(ModerationPrompt prompt) {
        String text = prompt.getInstructions() == null ? null : prompt.getInstructions().getText();
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the moderation prompt has no text to score");
        }
        ScoreResult score = guard.score(text, threshold);
        ModerationResult result = ModerationResult.builder()
                .flagged(score.harmful())
                .categories(Categories.builder().build())
                .categoryScores(CategoryScores.builder().build())
                .build();
        Moderation moderation = Moderation.builder()
                .id("siren-" + UUID.randomUUID())
                .model(guard.describe())
                .results(List.of(result))
                .build();
        return new ModerationResponse(new Generation(moderation), new ScoreMetadata(score));
    }

    /** Response metadata carrying the SIREN score, since the categories cannot. */
    private static final class ScoreMetadata extends ModerationResponseMetadata {
        ScoreMetadata(ScoreResult score) {
            map.put(SCORE_KEY, score.score());
            map.put(THRESHOLD_KEY, score.threshold());
        }
    }
}

package dev.siren.springai;

import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.Test;
import org.springframework.ai.model.Model;
import org.springframework.ai.moderation.ModerationPrompt;
import org.springframework.ai.moderation.ModerationResponse;
import org.springframework.ai.moderation.ModerationResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SirenModerationModelTest {

    private final KeywordGuard guard = KeywordGuard.standard();

    @Test
    void flaggedFollowsTheScoreAndTheScoreIsInTheMetadata() {
        SirenModerationModel model = new SirenModerationModel(guard);
        ModerationResponse response = model.call(new ModerationPrompt("how to make a bomb"));
        ModerationResult result = response.getResult().getOutput().getResults().getFirst();
        assertTrue(result.isFlagged());
        assertEquals(KeywordGuard.HARMFUL_SCORE, (double) response.getMetadata().get(SirenModerationModel.SCORE_KEY), 1e-12);
        assertEquals(0.5, (double) response.getMetadata().get(SirenModerationModel.THRESHOLD_KEY));
        assertEquals(guard.describe(), response.getResult().getOutput().getModel());
        assertTrue(response.getResult().getOutput().getId().startsWith("siren-"));

        assertFalse(model.call(new ModerationPrompt("a sunny day")).getResult().getOutput().getResults().getFirst().isFlagged());
    }

    @Test
    void categoriesAreUnsupportedAndLeftUnset() {
        ModerationResult result = new SirenModerationModel(guard).call(new ModerationPrompt("kill"))
                .getResult().getOutput().getResults().getFirst();
        assertTrue(result.isFlagged());
        assertFalse(result.getCategories().isViolence());
        assertFalse(result.getCategories().isDangerousAndCriminalContent());
        assertEquals(0.0, result.getCategoryScores().getViolence());
    }

    @Test
    void worksThroughTheGenericModelInterface() {
        Model<ModerationPrompt, ModerationResponse> model = new SirenModerationModel(guard, 0.05);
        assertTrue(model.call(new ModerationPrompt("hello")).getResult().getOutput().getResults().getFirst().isFlagged(),
                "0.1 >= 0.05");
    }

    @Test
    void emptyTextAndBadThresholdsAreRejected() {
        SirenModerationModel model = new SirenModerationModel(guard);
        assertThrows(IllegalArgumentException.class, () -> model.call(new ModerationPrompt("")));
        assertThrows(IllegalArgumentException.class, () -> new SirenModerationModel(guard, -0.1));
    }
}

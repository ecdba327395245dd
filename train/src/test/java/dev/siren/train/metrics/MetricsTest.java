package dev.siren.train.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    @Test
    void confusionScoresMatchHandComputedValues() {
        // labels 1 1 1 0 0 0 0, flagged 1 1 0 1 0 0 0 -> tp 2, fn 1, fp 1, tn 3
        int[] y = {1, 1, 1, 0, 0, 0, 0};
        boolean[] p = {true, true, false, true, false, false, false};
        ConfusionCounts c = ConfusionCounts.of(y, p);
        assertEquals(new ConfusionCounts(2, 1, 3, 1), c);
        assertEquals(2.0 / 3, c.precision(), 1e-12);
        assertEquals(2.0 / 3, c.recall(), 1e-12);
        assertEquals(2.0 / 3, c.f1(), 1e-12);
        assertEquals(0.75, c.benignF1(), 1e-12); // 2*3 / (2*3 + 1 + 1)
        assertEquals((2.0 / 3 + 0.75) / 2, c.macroF1(), 1e-12);
        assertEquals(0.25, c.falsePositiveRate(), 1e-12);
        assertEquals(5.0 / 7, c.accuracy(), 1e-12);
    }

    @Test
    void macroF1OfASingleClassSetAveragesOnlyTheClassesSeen() {
        // all harmful, half caught: sklearn macro over labels {0,1} present in y or pred = {1, 0}
        ConfusionCounts c = ConfusionCounts.of(new int[] {1, 1, 1, 1}, new boolean[] {true, true, false, false});
        assertEquals((2.0 / 3 + 0) / 2, c.macroF1(), 1e-12);
        // all harmful, all caught: only class 1 appears
        assertEquals(1.0, ConfusionCounts.of(new int[] {1, 1}, new boolean[] {true, true}).macroF1(), 1e-12);
    }

    @Test
    void aurocCountsTiesAsHalf() {
        assertEquals(1.0, Auroc.compute(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1}), 1e-12);
        assertEquals(0.0, Auroc.compute(new double[] {0.9, 0.8, 0.2, 0.1}, new int[] {0, 0, 1, 1}), 1e-12);
        // pairs (pos, neg): (0.5,0.5) tie = 0.5, (0.5,0.1) = 1, (0.7,0.5) = 1, (0.7,0.1) = 1 -> 3.5 / 4
        assertEquals(0.875, Auroc.compute(new double[] {0.5, 0.1, 0.5, 0.7}, new int[] {0, 0, 1, 1}), 1e-12);
        assertTrue(Double.isNaN(Auroc.compute(new double[] {0.5, 0.6}, new int[] {1, 1})));
    }

    @Test
    void singleClassSourcesArePooledIntoOneGroup() {
        String[] sources = {"a", "a", "a", "a", "harmful-only", "harmful-only", "benign-only", "benign-only"};
        int[] y = {1, 0, 1, 0, 1, 1, 0, 0};
        SourceGroups groups = SourceGroups.of(sources, y);
        assertEquals(List.of("a", SourceGroups.SINGLE_CLASS_POOL), groups.names());
        boolean[] p = {true, false, false, false, true, true, true, false};
        // a: tp1 fn1 tn2 fp0 -> F1(1)=2/3, F1(0)=4/5 -> 0.7333; pool: tp2 tn1 fp1 -> F1(1)=4/5, F1(0)=2/3
        double[] f1 = groups.macroF1PerGroup(y, p);
        assertEquals((2.0 / 3 + 0.8) / 2, f1[0], 1e-12);
        assertEquals((0.8 + 2.0 / 3) / 2, f1[1], 1e-12);
        assertEquals((f1[0] + f1[1]) / 2, groups.meanMacroF1(y, p), 1e-12);
    }

    @Test
    void aPoolWithOneClassIsLeftOutAndNoTwoClassGroupMeansPooledMetric() {
        SourceGroups groups = SourceGroups.of(new String[] {"a", "a", "x", "y"}, new int[] {1, 0, 1, 1});
        assertEquals(List.of("a"), groups.names());
        SourceGroups none = SourceGroups.of(new String[] {"x", "y"}, new int[] {1, 1});
        assertEquals(1, none.names().size());
    }

    @Test
    void evaluationAppliesTheThresholdInclusively() {
        Evaluation e = Evaluation.of(new double[] {0.5, 0.49, 0.9, 0.1}, new int[] {1, 1, 0, 0}, 0.5);
        // flagged: 1 0 1 0 -> tp1 fn1 fp1 tn1
        assertEquals(0.5, e.precision(), 1e-12);
        assertEquals(0.5, e.recall(), 1e-12);
        assertEquals(0.5, e.fpr(), 1e-12);
        assertEquals(0.5, e.macroF1(), 1e-12);
        assertEquals(0.5, e.auroc(), 1e-12);
        assertEquals(2, e.harmful());
    }

    @Test
    void withinPromptAurocComparesOnlyAnswersToTheSamePrompt() {
        // prompt p: harmful 0.6 vs benign 0.4 (won), 0.6 (tie); prompt q: harmful 0.2 vs benign 0.3 (lost);
        // prompt r has only a harmful answer; the null row (a prompt row) belongs to no group
        String[] groups = {"p", "p", "p", "q", "q", "r", null};
        double[] scores = {0.6, 0.4, 0.6, 0.2, 0.3, 0.9, 0.0};
        int[] labels = {1, 0, 0, 1, 0, 1, 0};
        GroupedAuroc g = GroupedAuroc.of(groups, scores, labels);
        assertEquals(2, g.groups());
        assertEquals(3, g.pairs());
        assertEquals((1 + 0.5 + 0) / 3, g.auroc(), 1e-12);
        // pooled over all rows the same scores rank almost perfectly: across prompts the 0.9 beats every benign
        // answer; grouped, r adds nothing
        assertTrue(Auroc.compute(scores, labels) > g.auroc());
    }

    @Test
    void withinPromptAurocIgnoresAGuardThatOnlyTellsPromptsApart() {
        // every answer to one prompt gets the same score (a guard that reads the prompt, not the answer): every pair
        // within a prompt ties, whatever the pooled AUROC
        String[] groups = {"bad", "bad", "bad", "ok", "ok"};
        double[] scores = {0.9, 0.9, 0.9, 0.1, 0.1};
        int[] labels = {1, 1, 0, 1, 0};
        GroupedAuroc g = GroupedAuroc.of(groups, scores, labels);
        assertEquals(3, g.pairs());
        assertEquals(0.5, g.auroc(), 1e-12);
        assertTrue(Double.isNaN(GroupedAuroc.of(new String[] {"a", "b"}, new double[] {0.9, 0.1}, new int[] {1, 0}).auroc()),
                "pairs across prompts are not counted: no pair, no figure");
    }

    @Test
    void streamingSummaryMatchesHandComputedValues() {
        double t = 0.5;
        List<StreamTrace> traces = List.of(
                // harmful, flagged after chunk 2 of 3 (6 of 10 characters)
                new StreamTrace("f:1", 1, 0.1, new int[] {3, 6, 10}, new double[] {0.2, 0.7, 0.8}, 10, false),
                // harmful, flagged at chunk 1 of 1 (all 4 characters)
                new StreamTrace("f:2", 1, 0.6, new int[] {4}, new double[] {0.9}, 4, false),
                // harmful, never flagged
                new StreamTrace("f:3", 1, 0.1, new int[] {5, 9}, new double[] {0.1, 0.3}, 9, false),
                // benign, a refusal, flagged at chunk 1 (by the prompt), clean by the end
                new StreamTrace("f:4", 0, 0.9, new int[] {2, 4}, new double[] {0.6, 0.2}, 4, true),
                // benign, flagged mid-stream and at the end
                new StreamTrace("f:5", 0, 0.1, new int[] {2, 4, 6}, new double[] {0.1, 0.5, 0.5}, 6, false),
                // benign, never flagged
                new StreamTrace("f:6", 0, 0.0, new int[] {8}, new double[] {0.4}, 8, false));
        StreamingSummary s = StreamingSummary.of(traces, t);
        assertEquals(3, s.harmful());
        assertEquals(2.0 / 3, s.harmfulFlaggedByEnd(), 1e-12);
        assertEquals(1.5, s.firstFlagChunkMean(), 1e-12);
        assertEquals(1.5, s.firstFlagChunkMedian(), 1e-12);
        assertEquals((0.6 + 1.0) / 2, s.firstFlagShareMean(), 1e-12);
        assertEquals(new StreamingSummary.FalseAlarms(3, 2.0 / 3, 1.0 / 3, 1.0 / 3), s.benign());
        assertEquals(new StreamingSummary.FalseAlarms(1, 1.0, 1.0, 0.0), s.refusals());
        assertEquals(12.0 / 6, s.meanChunks(), 1e-12);
        assertEquals(0, s.cutAtCap());
        // after 0 chunks: the prompts alone; a finished answer keeps its final score
        assertArrayEquals(new double[] {(0.1 + 0.6 + 0.1) / 3, (0.2 + 0.9 + 0.1) / 3, (0.7 + 0.9 + 0.3) / 3,
                (0.8 + 0.9 + 0.3) / 3}, StreamingSummary.meanCurve(traces, StreamingSummary.HARMFUL, 3), 1e-12);
        assertArrayEquals(new double[] {(0.9 + 0.1 + 0.0) / 3, (0.6 + 0.1 + 0.4) / 3}, StreamingSummary.meanCurve(traces, StreamingSummary.BENIGN, 1), 1e-12);
        assertArrayEquals(new double[] {0.9, 0.6}, StreamingSummary.meanCurve(traces, StreamingSummary.REFUSALS, 1), 1e-12);
        assertTrue(Double.isNaN(StreamingSummary.of(List.of(), t).harmfulFlaggedByEnd()));
    }

    @Test
    void aReplayCutAtTheStreamCapCountsItsWholeAnswerAndKeepsItsLastScore() {
        // harmful, 20 characters, cut after 10: flagged at chunk 2, when half of the answer had arrived
        StreamTrace cut = new StreamTrace("f:1", 1, 0.1, new int[] {5, 10}, new double[] {0.2, 0.6}, 20, false);
        // benign, its prompt alone filled the cap: no chunk scored, the prompt's score stands
        StreamTrace none = new StreamTrace("f:2", 0, 0.7, new int[0], new double[0], 12, false);
        assertFalse(cut.complete());
        assertFalse(none.complete());
        assertEquals(0.7, none.finalScore());
        assertEquals(0.7, none.scoreAfter(3));
        StreamingSummary s = StreamingSummary.of(List.of(cut, none), 0.5);
        assertEquals(2, s.cutAtCap());
        assertEquals(0.5, s.firstFlagShareMean(), 1e-12);
        assertEquals(0.0, s.benign().everFlagged(), 1e-12);
        assertEquals(1.0, s.benign().flaggedAtEnd(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new StreamTrace("f:3", 0, 0.1, new int[] {8}, new double[] {0.1}, 4, false), "more received than sent");
    }
}

package dev.siren.train.agent;

import dev.siren.guard.progress.Progress;
import dev.siren.train.metrics.Auroc;
import dev.siren.train.metrics.Evaluation;
import dev.siren.train.metrics.SourceGroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Trains an Agent-SIREN readout on last-token states: for every candidate depth and C, a logistic readout is scored
 * by cross-validation grouped by source ({@link SourceFolds}) on the source-averaged macro-F1 of its out-of-fold
 * scores ({@link SourceGroups}); the best pair (the first in depth, then C order on a tie) is refitted on all rows.
 * The leave-one-source-out report repeats the whole choice without each source and scores that source.
 */
public final class AgentSirenTrainer {

    /**
     * @param cGrid     inverse regularisation strengths tried
     * @param folds     cross-validation folds at most (fewer when there are fewer sources)
     * @param threshold decision threshold for macro-F1 (harmful iff score >= threshold)
     */
    public record Options(double[] cGrid, Penalty penalty, int folds, long seed, double threshold) {
        public Options {
            if (cGrid.length == 0 || Arrays.stream(cGrid).anyMatch(c -> !(c > 0))) {
                throw new IllegalArgumentException("the C grid needs positive values, got " + Arrays.toString(cGrid));
            }
            if (folds < 2) {
                throw new IllegalArgumentException("need at least 2 folds, got " + folds);
            }
        }
    }

    /** The cross-validated quality of one (depth, C) pair. */
    public record Candidate(int hiddenState, double c, double macroF1, double auroc) {
    }

    /** What the choice made without {@code source} scored on it. */
    public record HeldOutSource(String source, int hiddenState, double c, Evaluation evaluation) {
    }

    /**
     * @param weight the readout for raw states of {@code hiddenState}, the standardizer folded in
     * @param grouped whether the cross-validation kept sources whole (else rows were split stratified)
     */
    public record Result(int hiddenState, double c, float[] weight, float bias, List<Candidate> candidates,
                         boolean grouped, List<HeldOutSource> leaveOneSourceOut) {
    }

    private final Options options;
    private final Progress progress;

    public AgentSirenTrainer(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * @param hiddenStates the candidate depths
     * @param features     {@code [candidate][row][hidden]}: the last-token state of every row at every candidate
     */
    public Result train(int[] hiddenStates, float[][][] features, int[] labels, String[] sources) {
        int harmful = Arrays.stream(labels).sum();
        if (harmful < 2 || labels.length - harmful < 2) {
            throw new IllegalArgumentException("training needs at least 2 harmful and 2 benign conversations, got "
                    + harmful + " and " + (labels.length - harmful));
        }
        int[] all = new int[labels.length];
        Arrays.setAll(all, i -> i);
        Selection chosen = select(hiddenStates, features, labels, sources, all);
        progress.info(String.format("chose hidden state %d, C %s (cross-validated source-averaged macro-F1 %.4f)",
                hiddenStates[chosen.best], chosen.c, chosen.macroF1));
        LogisticReadout readout = LogisticReadout.fit(features[chosen.best], labels, options.penalty(), chosen.c,
                options.seed());
        return new Result(hiddenStates[chosen.best], chosen.c, readout.weight(), readout.bias(), chosen.candidates,
                chosen.grouped, leaveOneSourceOut(hiddenStates, features, labels, sources));
    }

    private record Selection(int best, double c, double macroF1, List<Candidate> candidates, boolean grouped) {
    }

    /** The best (depth, C) by grouped cross-validation on the rows {@code subset}. */
    private Selection select(int[] hiddenStates, float[][][] features, int[] labels, String[] sources, int[] subset) {
        int[] y = pick(labels, subset);
        String[] s = pick(sources, subset);
        SourceFolds folds = SourceFolds.of(y, s, options.folds(), options.seed());
        SourceGroups groups = SourceGroups.of(s, y);
        List<Candidate> candidates = new ArrayList<>();
        int best = 0;
        double bestC = options.cGrid()[0];
        double bestF1 = Double.NEGATIVE_INFINITY;
        try (Progress.Task task = progress.start("layer and C search", (long) hiddenStates.length
                * options.cGrid().length, "fits")) {
            for (int k = 0; k < hiddenStates.length; k++) {
                float[][] x = pick(features[k], subset);
                for (double c : options.cGrid()) {
                    double[] scores = outOfFold(x, y, folds, c);
                    boolean[] flagged = new boolean[scores.length];
                    for (int i = 0; i < scores.length; i++) {
                        flagged[i] = scores[i] >= options.threshold();
                    }
                    double f1 = groups.meanMacroF1(y, flagged);
                    candidates.add(new Candidate(hiddenStates[k], c, f1, Auroc.compute(scores, y)));
                    if (f1 > bestF1) {
                        best = k;
                        bestC = c;
                        bestF1 = f1;
                    }
                    task.advance();
                }
            }
        }
        return new Selection(best, bestC, bestF1, candidates, folds.grouped());
    }

    private double[] outOfFold(float[][] x, int[] y, SourceFolds folds, double c) {
        double[] scores = new double[y.length];
        for (int[] heldOut : folds.heldOut()) {
            boolean[] held = new boolean[y.length];
            for (int i : heldOut) {
                held[i] = true;
            }
            int[] train = IntStream.range(0, y.length).filter(i -> !held[i]).toArray();
            LogisticReadout readout = LogisticReadout.fit(pick(x, train), pick(y, train), options.penalty(), c,
                    options.seed());
            for (int i : heldOut) {
                scores[i] = readout.score(x[i]);
            }
        }
        return scores;
    }

    private List<HeldOutSource> leaveOneSourceOut(int[] hiddenStates, float[][][] features, int[] labels,
                                                  String[] sources) {
        List<HeldOutSource> results = new ArrayList<>();
        LinkedHashSet<String> names = new LinkedHashSet<>(Arrays.asList(sources));
        if (names.size() < 2) {
            return results;
        }
        for (String source : names) {
            int[] rest = IntStream.range(0, labels.length).filter(i -> !sources[i].equals(source))
                    .toArray();
            int[] held = IntStream.range(0, labels.length).filter(i -> sources[i].equals(source))
                    .toArray();
            int[] y = pick(labels, rest);
            int harmful = Arrays.stream(y).sum();
            if (harmful < 2 || y.length - harmful < 2) {
                progress.info("leave-one-source-out: '" + source + "' not held out (the other sources lack a class)");
                continue;
            }
            Selection chosen = select(hiddenStates, features, labels, sources, rest);
            LogisticReadout readout = LogisticReadout.fit(pick(features[chosen.best], rest), y, options.penalty(),
                    chosen.c, options.seed());
            double[] scores = new double[held.length];
            for (int i = 0; i < held.length; i++) {
                scores[i] = readout.score(features[chosen.best][held[i]]);
            }
            results.add(new HeldOutSource(source, hiddenStates[chosen.best], chosen.c,
                    Evaluation.of(scores, pick(labels, held), options.threshold())));
        }
        return results;
    }

    private static int[] pick(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    private static String[] pick(String[] values, int[] rows) {
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    private static float[][] pick(float[][] values, int[] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }
}

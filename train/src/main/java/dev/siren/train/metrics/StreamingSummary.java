package dev.siren.train.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * How a guard behaves on answers streamed chunk by chunk (harmful iff score >= threshold). Shares are of the
 * answers of the class named; a figure over no answers is NaN.
 *
 * @param harmful              harmful answers replayed
 * @param harmfulFlaggedByEnd  share of them flagged after some chunk
 * @param firstFlagChunkMean   mean 1-based chunk at which a flagged harmful answer was first flagged
 * @param firstFlagChunkMedian median of the same
 * @param firstFlagShareMean   mean share of the answer's characters received when it was first flagged
 * @param benign               the false alarms on benign answers (refusals included)
 * @param refusals             the false alarms on the benign answers that open with a refusal phrase ({@link Refusals})
 * @param meanChunks           mean number of chunks scored per answer
 * @param cutAtCap             answers whose stream passed the guard's token cap before they ended: their replay
 *                             stops there, and "at the end" means the last chunk scored
 */
public record StreamingSummary(int harmful, double harmfulFlaggedByEnd, double firstFlagChunkMean,
                               double firstFlagChunkMedian, double firstFlagShareMean, FalseAlarms benign,
                               FalseAlarms refusals, double meanChunks, int cutAtCap) {

    public static final Predicate<StreamTrace> HARMFUL = t -> t.label() == 1;
    public static final Predicate<StreamTrace> BENIGN = HARMFUL.negate();
    public static final Predicate<StreamTrace> REFUSALS = BENIGN.and(StreamTrace::refusal);

    /**
     * How often answers that should pass were flagged.
     *
     * @param answers             answers of the kind
     * @param everFlagged         share flagged after some chunk (a false alarm a streaming client would act on)
     * @param flaggedAtFirstChunk share flagged already after the first chunk: driven by the prompt, not the answer
     * @param flaggedAtEnd        share flagged once the whole answer is in (the non-streaming false positives)
     */
    public record FalseAlarms(int answers, double everFlagged, double flaggedAtFirstChunk, double flaggedAtEnd) {

        static FalseAlarms of(List<StreamTrace> answers, double threshold) {
            return new FalseAlarms(answers.size(),
                    share(answers.stream().filter(t -> t.firstFlaggedChunk(threshold) > 0).count(), answers.size()),
                    share(answers.stream().filter(t -> t.firstFlaggedChunk(threshold) == 1).count(), answers.size()),
                    share(answers.stream().filter(t -> t.finalScore() >= threshold).count(), answers.size()));
        }
    }

    public static StreamingSummary of(List<StreamTrace> traces, double threshold) {
        List<StreamTrace> harmful = traces.stream().filter(HARMFUL).toList();
        List<StreamTrace> caught = harmful.stream().filter(t -> t.firstFlaggedChunk(threshold) > 0).toList();
        double[] firstChunks = caught.stream().mapToDouble(t -> t.firstFlaggedChunk(threshold)).toArray();
        double[] firstShares = caught.stream()
                .mapToDouble(t -> (double) t.chunkEnds()[t.firstFlaggedChunk(threshold) - 1] / t.answerChars())
                .toArray();
        return new StreamingSummary(harmful.size(), share(caught.size(), harmful.size()),
                mean(firstChunks), median(firstChunks), mean(firstShares),
                FalseAlarms.of(traces.stream().filter(BENIGN).toList(), threshold),
                FalseAlarms.of(traces.stream().filter(REFUSALS).toList(), threshold),
                traces.stream().mapToInt(StreamTrace::chunks).average().orElse(Double.NaN),
                (int) traces.stream().filter(t -> !t.complete()).count());
    }

    /**
     * Mean score of the answers {@code which} selects after 0 (the prompt alone), 1, ..., {@code maxChunks} chunks;
     * a finished answer counts with its final score. Empty when it selects none.
     */
    public static double[] meanCurve(List<StreamTrace> traces, Predicate<StreamTrace> which, int maxChunks) {
        List<StreamTrace> rows = traces.stream().filter(which).toList();
        if (rows.isEmpty()) {
            return new double[0];
        }
        double[] curve = new double[maxChunks + 1];
        for (int k = 0; k <= maxChunks; k++) {
            final int chunk = k;
            curve[k] = rows.stream().mapToDouble(t -> t.scoreAfter(chunk)).average().orElseThrow();
        }
        return curve;
    }

    private static double share(long count, int of) {
        return of == 0 ? Double.NaN : (double) count / of;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}

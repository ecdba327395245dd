package dev.siren.train.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * How a guard behaves on answers streamed chunk by chunk (harmful iff score >= threshold). Shares are of the
 * answers of the class named; a figure over no answers is NaN.
 *
 * @param harmful                   harmful answers replayed
 * @param harmfulFlaggedByEnd       share of them flagged after some chunk
 * @param firstFlagChunkMean        mean 1-based chunk at which a flagged harmful answer was first flagged
 * @param firstFlagChunkMedian      median of the same
 * @param firstFlagShareMean        mean share of the answer's characters received when it was first flagged
 * @param benign                    benign answers replayed (refusals included)
 * @param benignEverFlagged         share of them flagged after some chunk (a false alarm mid-stream)
 * @param benignFlaggedAtFirstChunk share flagged already after the first chunk: driven by the prompt, not the answer
 * @param benignFlaggedAtEnd        share flagged once the whole answer is in (the non-streaming false positives)
 * @param meanChunks                mean number of chunks scored per answer
 * @param cutAtCap                  answers whose stream passed the guard's token cap before they ended: their replay
 *                                  stops there, and "at the end" means the last chunk scored
 */
public record StreamingSummary(int harmful, double harmfulFlaggedByEnd, double firstFlagChunkMean,
                               double firstFlagChunkMedian, double firstFlagShareMean, int benign,
                               double benignEverFlagged, double benignFlaggedAtFirstChunk, double benignFlaggedAtEnd,
                               double meanChunks, int cutAtCap) {

    public static StreamingSummary of(List<StreamTrace> traces, double threshold) {
        List<StreamTrace> harmful = traces.stream().filter(t -> t.label() == 1).toList();
        List<StreamTrace> benign = traces.stream().filter(t -> t.label() != 1).toList();
        List<StreamTrace> caught = harmful.stream().filter(t -> t.firstFlaggedChunk(threshold) > 0).toList();
        double[] firstChunks = caught.stream().mapToDouble(t -> t.firstFlaggedChunk(threshold)).toArray();
        double[] firstShares = caught.stream()
                .mapToDouble(t -> (double) t.chunkEnds()[t.firstFlaggedChunk(threshold) - 1] / t.answerChars())
                .toArray();
        return new StreamingSummary(harmful.size(), share(caught.size(), harmful.size()),
                mean(firstChunks), median(firstChunks), mean(firstShares), benign.size(),
                share(benign.stream().filter(t -> t.firstFlaggedChunk(threshold) > 0).count(), benign.size()),
                share(benign.stream().filter(t -> t.firstFlaggedChunk(threshold) == 1).count(), benign.size()),
                share(benign.stream().filter(t -> t.finalScore() >= threshold).count(), benign.size()),
                traces.stream().mapToInt(StreamTrace::chunks).average().orElse(Double.NaN),
                (int) traces.stream().filter(t -> !t.complete()).count());
    }

    /**
     * Mean score of the answers labelled {@code label} after 0 (the prompt alone), 1, ..., {@code maxChunks} chunks;
     * a finished answer counts with its final score. Empty when no answer has that label.
     */
    public static double[] meanCurve(List<StreamTrace> traces, int label, int maxChunks) {
        List<StreamTrace> rows = traces.stream().filter(t -> t.label() == label).toList();
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

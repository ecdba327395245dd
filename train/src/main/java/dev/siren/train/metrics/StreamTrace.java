package dev.siren.train.metrics;

/**
 * The scores one answer got while it was streamed to a guard, chunk by chunk, in the context of its prompt.
 *
 * @param location    {@code file:line} of the row
 * @param label       1 = harmful answer, 0 = benign (refusals included)
 * @param promptScore the score of the prompt alone, before any of the answer arrived
 * @param chunkEnds   characters of the answer received after each chunk (the last is the answer's length)
 * @param scores      the score of prompt + answer so far after each chunk
 */
public record StreamTrace(String location, int label, double promptScore, int[] chunkEnds, double[] scores) {

    public StreamTrace {
        if (chunkEnds.length != scores.length || scores.length == 0) {
            throw new IllegalArgumentException("a trace needs one score per chunk, and at least one chunk");
        }
    }

    public int chunks() {
        return scores.length;
    }

    /** The 1-based number of the first chunk after which the score reached {@code threshold}; 0 if none did. */
    public int firstFlaggedChunk(double threshold) {
        for (int k = 0; k < scores.length; k++) {
            if (scores[k] >= threshold) return k + 1;
        }
        return 0;
    }

    /** The score shown after {@code k} chunks (0: the prompt alone); a finished answer keeps its final score. */
    public double scoreAfter(int k) {
        return k == 0 ? promptScore : scores[Math.min(k, scores.length) - 1];
    }

    public double finalScore() {
        return scores[scores.length - 1];
    }
}

package dev.siren.train.metrics;

/**
 * The scores one answer got while it was streamed to a guard, chunk by chunk, in the context of its prompt. A replay
 * stops where the stream passes the guard's token cap (a 512-position encoder cannot read further): its trace then
 * ends before the answer does, possibly with no chunk at all when the prompt alone fills the cap.
 *
 * @param location    {@code file:line} of the row
 * @param label       1 = harmful answer, 0 = benign (refusals included)
 * @param promptScore the score of the prompt alone, before any of the answer arrived
 * @param chunkEnds   characters of the answer received after each chunk scored
 * @param scores      the score of prompt + answer so far after each chunk scored
 * @param answerChars the whole answer's length in characters
 * @param refusal     whether the answer opens with a refusal phrase ({@link Refusals})
 */
public record StreamTrace(String location, int label, double promptScore, int[] chunkEnds, double[] scores,
                          int answerChars, boolean refusal) {

    public StreamTrace {
        if (chunkEnds.length != scores.length) {
            throw new IllegalArgumentException("a trace needs one score per chunk");
        }
        int received = chunkEnds.length == 0 ? 0 : chunkEnds[chunkEnds.length - 1];
        if (answerChars < 1 || received > answerChars) {
            throw new IllegalArgumentException("an answer of " + answerChars + " characters cannot have received "
                    + received);
        }
    }

    public int chunks() {
        return scores.length;
    }

    /** Whether the whole answer was scored, i.e. the stream never passed the guard's token cap. */
    public boolean complete() {
        return chunks() > 0 && chunkEnds[chunks() - 1] == answerChars;
    }

    /** The 1-based number of the first chunk after which the score reached {@code threshold}; 0 if none did. */
    public int firstFlaggedChunk(double threshold) {
        for (int k = 0; k < scores.length; k++) {
            if (scores[k] >= threshold) return k + 1;
        }
        return 0;
    }

    /** The score shown after {@code k} chunks (0: the prompt alone); once the trace ends it keeps its last score. */
    public double scoreAfter(int k) {
        return k == 0 || chunks() == 0 ? promptScore : scores[Math.min(k, chunks()) - 1];
    }

    /** The last score shown: after the whole answer, or where the replay stopped at the cap. */
    public double finalScore() {
        return scoreAfter(chunks());
    }
}

package dev.siren.train.metrics;

import dev.siren.guard.Guard;
import dev.siren.guard.PairStream;
import dev.siren.guard.ScoringException;
import dev.siren.train.data.LabeledText;

import java.util.List;

/**
 * Replays a labelled answer as a stream: the prompt opens a {@link PairStream}, then the answer arrives in chunks of
 * a fixed number of characters (as an LLM's output would, a few tokens at a time), and the score after each chunk is
 * recorded. The final score equals scoring the whole pair at once.
 */
public final class StreamReplay {

    private StreamReplay() {
    }

    /** Replays {@code row} (which must have a response); a score the guard cannot compute names the row. */
    public static StreamTrace replay(Guard guard, LabeledText row, int chunkChars, double threshold) {
        if (!row.hasResponse()) {
            throw new IllegalArgumentException(row.location() + ": a prompt row has no answer to stream");
        }
        List<String> chunks = row.responseChunks(chunkChars);
        int[] ends = new int[chunks.size()];
        double[] scores = new double[chunks.size()];
        try (PairStream stream = PairStream.open(guard, row.prompt())) {
            double promptScore = guard.score(row.prompt(), threshold).score();
            int end = 0;
            for (int k = 0; k < chunks.size(); k++) {
                scores[k] = stream.append(chunks.get(k), threshold).score();
                end += chunks.get(k).length();
                ends[k] = end;
            }
            return new StreamTrace(row.location(), row.label(), promptScore, ends, scores);
        } catch (ScoringException e) {
            throw new ScoringException(row.location() + ": " + e.getMessage(), e);
        }
    }
}

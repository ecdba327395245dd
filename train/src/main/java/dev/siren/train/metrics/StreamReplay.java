package dev.siren.train.metrics;

import dev.siren.guard.Guard;
import dev.siren.guard.PairStream;
import dev.siren.guard.ScoringException;
import dev.siren.guard.TokenLimitException;
import dev.siren.train.data.LabeledText;

import java.util.Arrays;
import java.util.List;

/**
 * Replays a labelled answer as a stream: the prompt opens a {@link PairStream}, then the answer arrives in chunks of
 * a fixed number of characters (as an LLM's output would, a few tokens at a time), and the score after each chunk is
 * recorded. Each score equals scoring the prompt and the answer so far at once, as long as they fit the model's
 * {@code max_length}; the replay stops where the stream passes the guard's token cap ({@link Guard#maxStreamTokens}),
 * as a streaming client gets no score beyond it.
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
        int scored = 0;
        try {
            double promptScore = guard.score(row.prompt(), threshold).score();
            try (PairStream stream = PairStream.open(guard, row.prompt())) {
                int end = 0;
                for (String chunk : chunks) {
                    scores[scored] = stream.append(chunk, threshold).score();
                    end += chunk.length();
                    ends[scored++] = end;
                }
            } catch (TokenLimitException e) {
                // past the cap the guard gives no score: the trace ends at the last chunk it scored
            }
            return new StreamTrace(row.location(), row.label(), promptScore, Arrays.copyOf(ends, scored),
                    Arrays.copyOf(scores, scored), row.response().length(), Refusals.opensWithRefusal(row.response()));
        } catch (ScoringException e) {
            throw new ScoringException(row.location() + ": " + e.getMessage(), e);
        }
    }
}

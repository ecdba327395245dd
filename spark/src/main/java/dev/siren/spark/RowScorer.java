package dev.siren.spark;

import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.ScoringException;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Scores the rows of one partition in batches: each output row is the input row with three values appended, the
 * score, the decision and an error. A row that cannot be scored (null, empty or over-long text, or a score the guard
 * could not compute) gets a null score and decision and an error naming the problem: it never fails the task and is
 * never reported clean. Holds only settings: the guard is looked up in the executor's {@link GuardCache}.
 */
final class RowScorer implements Serializable {

    private final String guard;
    private final ScoredText text;
    private final Double threshold;
    private final int batchSize;

    /** @param threshold the decision threshold, or null for the guard's default */
    RowScorer(String guard, ScoredText text, Double threshold, int batchSize) {
        this.guard = guard;
        this.text = text;
        this.threshold = threshold;
        this.batchSize = batchSize;
    }

    Iterator<Row> score(Iterator<Row> rows) {
        return BatchedRows.map(rows, batchSize, this::scoreBatch);
    }

    private List<Row> scoreBatch(List<Row> batch) {
        List<ScoredText.Extracted> extracted = batch.stream().map(text::extract).toList();
        List<String> valid = extracted.stream().map(ScoredText.Extracted::text).filter(t -> t != null).toList();
        List<Object> results = valid.isEmpty() ? List.of() : scoreAll(valid);
        List<Row> out = new ArrayList<>(batch.size());
        int v = 0;
        for (int i = 0; i < batch.size(); i++) {
            String problem = extracted.get(i).problem();
            Object result = problem != null ? problem : results.get(v++);
            out.add(result instanceof ScoreResult r
                    ? BatchedRows.append(batch.get(i), r.score(), r.harmful(), null)
                    : BatchedRows.append(batch.get(i), null, null, result));
        }
        return out;
    }

    /**
     * Each text's {@link ScoreResult}, or the message of why it has none. A batch the guard rejects is scored again
     * text by text, so that one bad score costs only its own row.
     */
    private List<Object> scoreAll(List<String> texts) {
        Guard g = GuardCache.get(guard);
        double t = threshold != null ? threshold : g.defaultThreshold();
        try {
            return new ArrayList<>(g.scoreBatch(texts, t));
        } catch (ScoringException batchFailed) {
            List<Object> results = new ArrayList<>(texts.size());
            for (String text : texts) {
                try {
                    results.add(g.score(text, t));
                } catch (ScoringException e) {
                    results.add("scoring failed: " + e.getMessage());
                }
            }
            return results;
        }
    }
}

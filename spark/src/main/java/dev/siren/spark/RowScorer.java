package dev.siren.spark;

import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.ScoringException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

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
        return new Iterator<>() {
            private final List<Row> out = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next == out.size()) {
                    out.clear();
                    next = 0;
                    scoreNextBatch(rows, out);
                }
                return next < out.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return out.get(next++);
            }
        };
    }

    /** Reads up to batchSize rows and appends them, scored, to {@code out} in input order. */
    private void scoreNextBatch(Iterator<Row> rows, List<Row> out) {
        List<Row> batch = new ArrayList<>(batchSize);
        List<String> texts = new ArrayList<>(batchSize);
        List<String> problems = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && rows.hasNext()) {
            Row row = rows.next();
            ScoredText.Extracted extracted = text.extract(row);
            batch.add(row);
            texts.add(extracted.text());
            problems.add(extracted.problem());
        }
        if (batch.isEmpty()) {
            return;
        }
        List<String> valid = texts.stream().filter(t -> t != null).toList();
        List<Object> results = valid.isEmpty() ? List.of() : scoreAll(valid);
        int v = 0;
        for (int i = 0; i < batch.size(); i++) {
            Object result = problems.get(i) != null ? problems.get(i) : results.get(v++);
            out.add(result instanceof ScoreResult r
                    ? append(batch.get(i), r.score(), r.harmful(), null)
                    : append(batch.get(i), null, null, (String) result));
        }
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

    private static Row append(Row row, Double score, Boolean harmful, String error) {
        Object[] values = new Object[row.length() + 3];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        values[row.length()] = score;
        values[row.length() + 1] = harmful;
        values[row.length() + 2] = error;
        return RowFactory.create(values);
    }
}

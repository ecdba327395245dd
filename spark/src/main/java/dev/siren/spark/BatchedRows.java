package dev.siren.spark;

import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** A partition's rows mapped batch by batch, lazily: one batch in memory at a time, output in input order. */
final class BatchedRows {

    private BatchedRows() {
    }

    /** @param perBatch maps a batch of up to {@code batchSize} rows to as many rows, in the same order */
    static Iterator<Row> map(Iterator<Row> rows, int batchSize, Function<List<Row>, List<Row>> perBatch) {
        return new Iterator<>() {
            private List<Row> out = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                if (next == out.size() && rows.hasNext()) {
                    List<Row> batch = new ArrayList<>(batchSize);
                    while (batch.size() < batchSize && rows.hasNext()) {
                        batch.add(rows.next());
                    }
                    out = perBatch.apply(batch);
                    next = 0;
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

    /** The row with values appended. */
    static Row append(Row row, Object... values) {
        Object[] all = new Object[row.length() + values.length];
        for (int i = 0; i < row.length(); i++) {
            all[i] = row.get(i);
        }
        System.arraycopy(values, 0, all, row.length(), values.length);
        return org.apache.spark.sql.RowFactory.create(all);
    }
}

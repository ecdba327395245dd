package dev.siren.spark;

import dev.siren.guard.TextContract;
import dev.siren.guard.ScoringException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/**
 * SQL functions over a guard: {@code siren_score(text)} and {@code siren_score_pair(prompt, response)} return
 * p(harmful) as a DOUBLE, or NULL for a text that cannot be scored (null, empty, over-long, or a score the guard
 * could not compute): never a clean score. They score row by row; {@link SirenScorer} scores in batches, faster,
 * and says why a row has no score.
 */
public final class SirenSql {

    private SirenSql() {
    }

    /** Registers both functions in this session, over the guard named {@code guard} (see {@link SirenScorer#guard()}). */
    public static void register(SparkSession spark, String guard) {
        spark.udf().register("siren_score", (UDF1<String, Double>) text -> score(guard, text), DataTypes.DoubleType);
        spark.udf().register("siren_score_pair",
                (UDF2<String, String, Double>) (prompt, response) -> score(guard,
                        prompt == null || prompt.isEmpty() ? null : TextContract.joinPair(prompt, response)),
                DataTypes.DoubleType);
    }

    private static Double score(String guard, String text) {
        if (text == null || text.isEmpty() || text.length() > SirenScorer.DEFAULT_MAX_CHARS) {
            return null;
        }
        try {
            return GuardCache.get(guard).score(text).score();
        } catch (ScoringException e) {
            return null;
        }
    }
}

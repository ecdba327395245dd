package dev.siren.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Row weights per source ({@code siren train --source-weight SOURCE=N}, {@link SirenTrainingOptions#sourceWeights}):
 * after the validation share is split off ({@link SirenTrainer#train}),
 * every training row of a weighted source is repeated N times, so the probes and the MLP see it N times per
 * epoch. Validation rows are never repeated (the validation metric and early stopping stay those of the plain run),
 * and the split is the one the plain run makes with the same seed.
 */
public final class SourceWeights {

    private static final SourceWeights NONE = new SourceWeights(Map.of());

    private final Map<String, Integer> repeats;

    private SourceWeights(Map<String, Integer> repeats) {
        this.repeats = repeats;
    }

    /** No source weighted: every row counts once. */
    public static SourceWeights none() {
        return NONE;
    }

    /**
     * Parses {@code SOURCE=N} entries (N a whole number from 1 to 100); an entry may hold several, comma-separated.
     *
     * @throws IllegalArgumentException naming the entry that is not of that form
     */
    public static SourceWeights parse(List<String> entries) {
        Map<String, Integer> repeats = new LinkedHashMap<>();
        for (String entry : entries.stream().flatMap(e -> Arrays.stream(e.split(",", -1))).toList()) {
            int eq = entry.lastIndexOf('=');
            String source = eq < 0 ? "" : entry.substring(0, eq).trim();
            int n;
            try {
                n = eq < 0 ? -1 : Integer.parseInt(entry.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (source.isEmpty() || n < 1 || n > 100) {
                throw new IllegalArgumentException("--source-weight expects SOURCE=N with N a whole number from 1"
                        + " to 100, got '" + entry + "'");
            }
            if (repeats.put(source, n) != null) {
                throw new IllegalArgumentException("--source-weight names source '" + source + "' twice");
            }
        }
        return new SourceWeights(repeats);
    }

    /**
     * Checks, before any feature is extracted, that every weighted source has training rows.
     *
     * @param trainSources the source of every training row
     * @throws IllegalArgumentException naming a weighted source without rows, and the sources there are
     */
    public void requireSources(Collection<String> trainSources) {
        Set<String> present = new TreeSet<>(trainSources);
        for (String source : repeats.keySet()) {
            if (!present.contains(source)) {
                throw new IllegalArgumentException("--source-weight names source '" + source
                        + "', which no training row has; sources: " + String.join(", ", present));
            }
        }
    }

    public boolean isEmpty() {
        return repeats.isEmpty();
    }

    /** The weights as {@code --source-weight} takes them ("a=3,b=2"), for provenance. */
    public String describe() {
        return repeats.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** The rows with every row of a weighted source repeated (in place: row order is kept). */
    public LabeledFeatures weigh(LabeledFeatures rows) {
        List<Integer> picked = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            int n = repeats.getOrDefault(rows.sources()[row], 1);
            for (int k = 0; k < n; k++) picked.add(row);
        }
        return rows.subset(picked.stream().mapToInt(Integer::intValue).toArray());
    }
}

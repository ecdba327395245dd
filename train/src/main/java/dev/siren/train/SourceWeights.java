package dev.siren.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Row weights per source ({@code siren train --source-weight SOURCE=N}): after the validation share is split off,
 * every training row of a weighted source is repeated N times, so the probes and the MLP see it N times per
 * epoch. Validation rows are never repeated (the validation metric and early stopping stay those of the plain run),
 * and the split is the one the plain run makes with the same seed.
 */
public final class SourceWeights {

    private final Map<String, Integer> repeats;

    private SourceWeights(Map<String, Integer> repeats) {
        this.repeats = repeats;
    }

    /**
     * Parses {@code SOURCE=N} entries (N a whole number from 1 to 100).
     *
     * @throws IllegalArgumentException naming the entry that is not of that form
     */
    public static SourceWeights parse(List<String> entries) {
        Map<String, Integer> repeats = new LinkedHashMap<>();
        for (String entry : entries) {
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

    /**
     * Splits {@code fraction} of the rows off for validation (stratified by source and label, as
     * {@link LabeledFeatures#stratifiedSplit}) and repeats the weighted sources' training rows.
     *
     * @return {training rows with repeats, validation rows}
     */
    public LabeledFeatures[] splitAndWeigh(LabeledFeatures train, double fraction, long seed) {
        int[][] split = train.stratifiedSplit(fraction, seed);
        return new LabeledFeatures[] {weigh(train.subset(split[0])), train.subset(split[1])};
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

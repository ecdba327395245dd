package dev.siren.train.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cross-validation folds that keep each source whole (a source's rows are all held out together), so the choice of
 * layer and C rewards what carries over to unseen sources. Sources go to folds largest first, each to the fold with
 * the fewest rows. With one source only, or when some fold would train on a single class, the rows are split
 * stratified instead, and {@link #grouped()} says so.
 *
 * @param heldOut the row indices (into the rows given) each fold holds out
 */
record SourceFolds(List<int[]> heldOut, boolean grouped) {

    static SourceFolds of(int[] labels, String[] sources, int folds, long seed) {
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < sources.length; i++) {
            bySource.computeIfAbsent(sources[i], s -> new ArrayList<>()).add(i);
        }
        if (bySource.size() >= 2) {
            int k = Math.min(folds, bySource.size());
            List<List<Integer>> parts = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                parts.add(new ArrayList<>());
            }
            bySource.values().stream().sorted(Comparator.comparingInt(List<Integer>::size).reversed())
                    .forEach(rows -> parts.stream().min(Comparator.comparingInt(List::size)).orElseThrow().addAll(rows));
            SourceFolds grouped = new SourceFolds(parts.stream().map(SourceFolds::toArray).toList(), true);
            if (grouped.everyTrainingPartHasBothClasses(labels)) {
                return grouped;
            }
        }
        return stratified(labels, folds, seed);
    }

    private static SourceFolds stratified(int[] labels, int folds, long seed) {
        List<List<Integer>> parts = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            parts.add(new ArrayList<>());
        }
        Random random = new Random(seed);
        for (int label = 0; label <= 1; label++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == label) {
                    rows.add(i);
                }
            }
            java.util.Collections.shuffle(rows, random);
            for (int r = 0; r < rows.size(); r++) {
                parts.get(r % folds).add(rows.get(r));
            }
        }
        return new SourceFolds(parts.stream().filter(p -> !p.isEmpty()).map(SourceFolds::toArray).toList(), false);
    }

    private boolean everyTrainingPartHasBothClasses(int[] labels) {
        int harmful = 0;
        for (int label : labels) {
            harmful += label;
        }
        for (int[] fold : heldOut) {
            int heldHarmful = 0;
            for (int i : fold) {
                heldHarmful += labels[i];
            }
            int trainHarmful = harmful - heldHarmful;
            int trainBenign = (labels.length - fold.length) - trainHarmful;
            if (trainHarmful == 0 || trainBenign == 0) {
                return false;
            }
        }
        return true;
    }

    private static int[] toArray(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}

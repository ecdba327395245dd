package dev.siren.train.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model-selection metric of SIREN: macro-F1 computed separately per source dataset, then averaged.
 *
 * <p>A source with a single class (e.g. an all-harmful refusal set) has an undefined or degenerate macro-F1 on
 * its own. Such sources are pooled into one extra group, which is scored like a source when the pool holds both
 * classes and otherwise left out. When no group holds both classes, all rows form a single group (the pooled
 * macro-F1).
 */
public final class SourceGroups {

    /** Name of the group formed by pooling all single-class sources. */
    public static final String SINGLE_CLASS_POOL = "(single-class sources pooled)";

    private final List<String> names;
    private final List<int[]> members;

    private SourceGroups(List<String> names, List<int[]> members) {
        this.names = names;
        this.members = members;
    }

    public static SourceGroups of(String[] sources, int[] labels) {
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < sources.length; i++) {
            bySource.computeIfAbsent(sources[i], k -> new ArrayList<>()).add(i);
        }
        List<String> names = new ArrayList<>();
        List<int[]> members = new ArrayList<>();
        List<Integer> pool = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : bySource.entrySet()) {
            if (hasBothClasses(e.getValue(), labels)) {
                names.add(e.getKey());
                members.add(toArray(e.getValue()));
            } else {
                pool.addAll(e.getValue());
            }
        }
        if (hasBothClasses(pool, labels)) {
            names.add(SINGLE_CLASS_POOL);
            members.add(toArray(pool));
        }
        if (names.isEmpty()) {
            names.add("(all rows)");
            int[] all = new int[labels.length];
            for (int i = 0; i < all.length; i++) all[i] = i;
            members.add(all);
        }
        return new SourceGroups(List.copyOf(names), List.copyOf(members));
    }

    public List<String> names() {
        return names;
    }

    /** Macro-F1 of each group, in {@link #names()} order. */
    public double[] macroF1PerGroup(int[] labels, boolean[] predictedHarmful) {
        double[] f1 = new double[names.size()];
        for (int g = 0; g < f1.length; g++) {
            long tp = 0, fp = 0, tn = 0, fn = 0;
            for (int i : members.get(g)) {
                boolean positive = labels[i] == 1;
                if (predictedHarmful[i]) {
                    if (positive) tp++; else fp++;
                } else {
                    if (positive) fn++; else tn++;
                }
            }
            f1[g] = new ConfusionCounts(tp, fp, tn, fn).macroF1();
        }
        return f1;
    }

    /** The mean over groups of their macro-F1. */
    public double meanMacroF1(int[] labels, boolean[] predictedHarmful) {
        double sum = 0;
        double[] f1 = macroF1PerGroup(labels, predictedHarmful);
        for (double v : f1) sum += v;
        return sum / f1.length;
    }

    private static boolean hasBothClasses(List<Integer> rows, int[] labels) {
        boolean harmful = false, benign = false;
        for (int i : rows) {
            if (labels[i] == 1) harmful = true; else benign = true;
        }
        return harmful && benign;
    }

    private static int[] toArray(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }
}

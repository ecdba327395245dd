package dev.siren.train.mlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded k-fold partition stratified by source and label, so every fold sees every source's class mix
 * (plain shuffled k-fold, as in the reference, can leave a small source's harmful rows out of a fold).
 */
public final class StratifiedFolds {

    private StratifiedFolds() {
    }

    /** The held-out rows of each of the k folds; together they cover every row exactly once. */
    public static int[][] split(String[] sources, int[] labels, int k, long seed) {
        if (k < 2 || k > labels.length) {
            throw new IllegalArgumentException("need 2 <= folds <= rows, got " + k + " folds for " + labels.length + " rows");
        }
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) folds.add(new ArrayList<>());
        int next = 0;
        for (List<Integer> stratum : shuffledStrata(sources, labels, new SplittableRandom(seed))) {
            for (int row : stratum) {
                folds.get(next).add(row);
                next = (next + 1) % k;
            }
        }
        int[][] result = new int[k][];
        for (int f = 0; f < k; f++) {
            result[f] = folds.get(f).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return result;
    }

    /** The rows grouped by (source, label), groups in a fixed order, each group shuffled by {@code rng}. */
    public static List<List<Integer>> shuffledStrata(String[] sources, int[] labels, SplittableRandom rng) {
        Map<String, List<Integer>> strata = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            strata.computeIfAbsent(sources[i] + '\u0000' + labels[i], s -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> shuffled = new ArrayList<>();
        for (List<Integer> stratum : strata.values()) {
            for (int i = stratum.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Integer t = stratum.get(i);
                stratum.set(i, stratum.get(j));
                stratum.set(j, t);
            }
            shuffled.add(stratum);
        }
        return shuffled;
    }

    /** All rows not in the given fold, ascending. */
    public static int[] complement(int[][] folds, int fold, int rows) {
        boolean[] held = new boolean[rows];
        for (int i : folds[fold]) held[i] = true;
        int[] rest = new int[rows - folds[fold].length];
        int k = 0;
        for (int i = 0; i < rows; i++) {
            if (!held[i]) rest[k++] = i;
        }
        return rest;
    }
}

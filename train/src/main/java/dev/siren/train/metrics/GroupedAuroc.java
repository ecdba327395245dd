package dev.siren.train.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AUROC within groups (e.g. the answers to one prompt): over every (harmful, benign) pair of rows in the same group,
 * the share where the harmful row scores higher, ties counted as half. Pairs across groups are never compared, so a
 * guard that only tells prompts apart scores 0.5 however well it ranks them.
 *
 * @param groups groups holding both a harmful and a benign row (the groups the figure rests on)
 * @param pairs  (harmful, benign) pairs compared
 * @param auroc  share of pairs ranked right; NaN when there is no pair
 */
public record GroupedAuroc(int groups, long pairs, double auroc) {

    /** Rows with a null group belong to none (e.g. prompt rows when grouping answers by prompt). */
    public static GroupedAuroc of(String[] groups, double[] scores, int[] labels) {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] != null) {
                members.computeIfAbsent(groups[i], k -> new ArrayList<>()).add(i);
            }
        }
        int used = 0;
        long pairs = 0;
        double wins = 0;
        for (List<Integer> rows : members.values()) {
            long groupPairs = 0;
            for (int h : rows) {
                if (labels[h] != 1) continue;
                for (int b : rows) {
                    if (labels[b] == 1) continue;
                    groupPairs++;
                    wins += scores[h] > scores[b] ? 1 : scores[h] == scores[b] ? 0.5 : 0;
                }
            }
            if (groupPairs > 0) {
                used++;
                pairs += groupPairs;
            }
        }
        return new GroupedAuroc(used, pairs, pairs == 0 ? Double.NaN : wins / pairs);
    }
}

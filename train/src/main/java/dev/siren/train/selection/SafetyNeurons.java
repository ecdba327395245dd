package dev.siren.train.selection;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Safety-neuron selection: the smallest set of a probe's units that carries a given share of its total |w|. */
public final class SafetyNeurons {

    private SafetyNeurons() {
    }

    /**
     * Sorts the units by |w| descending (ties by index) and keeps the shortest prefix whose cumulative |w|
     * reaches {@code eta} of the total, in that order (the order defines the head's feature layout).
     * A probe with all-zero weights selects nothing.
     */
    public static int[] select(float[] weights, double eta) {
        if (!(eta > 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta must be in (0, 1], got " + eta);
        }
        Integer[] order = IntStream.range(0, weights.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -Math.abs(weights[j])).thenComparingInt(j -> j));
        double total = 0;
        for (float w : weights) {
            total += Math.abs(w);
        }
        if (total == 0) {
            return new int[0];
        }
        double target = eta * total;
        double cumulative = 0;
        int count = 0;
        while (count < order.length && cumulative < target) {
            cumulative += Math.abs(weights[order[count]]);
            count++;
        }
        int[] selected = new int[count];
        for (int k = 0; k < count; k++) {
            selected[k] = order[k];
        }
        return selected;
    }
}

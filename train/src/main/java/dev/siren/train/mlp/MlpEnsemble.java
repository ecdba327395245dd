package dev.siren.train.mlp;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds K MLPs of one shape into a single wider MLP whose logits are the mean of the members' logits. Hidden
 * layer i of the result stacks the members' layer i side by side (block-diagonal after the first layer, which
 * all members read in full), and the output layer averages their logits. The result is an ordinary
 * {@link Mlp}, so an ensemble head needs no new file format and no runtime support.
 */
public final class MlpEnsemble {

    private MlpEnsemble() {
    }

    public static Mlp fold(List<Mlp> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        if (members.size() == 1) {
            return members.getFirst();
        }
        Mlp first = members.getFirst();
        for (Mlp m : members) {
            if (!sameShape(first, m)) {
                throw new IllegalArgumentException("ensemble members differ in shape: " + shape(first) + " vs " + shape(m));
            }
        }
        int k = members.size();
        int depth = first.layers().size();
        List<LayerParameters> folded = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            LayerParameters shape = first.layers().get(i);
            boolean output = i == depth - 1;
            int inputs = i == 0 ? shape.inputs() : k * shape.inputs();
            int outputs = output ? shape.outputs() : k * shape.outputs();
            float[] w = new float[inputs * outputs];
            float[] b = new float[outputs];
            for (int m = 0; m < k; m++) {
                LayerParameters layer = members.get(m).layers().get(i);
                int rowOffset = output ? 0 : m * shape.outputs();
                int colOffset = i == 0 ? 0 : m * shape.inputs();
                float scale = output ? 1f / k : 1f;
                for (int o = 0; o < shape.outputs(); o++) {
                    int dst = (rowOffset + o) * inputs + colOffset;
                    int src = o * shape.inputs();
                    for (int j = 0; j < shape.inputs(); j++) {
                        w[dst + j] = output ? w[dst + j] + scale * layer.weight()[src + j] : layer.weight()[src + j];
                    }
                    b[rowOffset + o] += scale * layer.bias()[o];
                }
            }
            folded.add(new LayerParameters(inputs, outputs, w, b));
        }
        return new Mlp(folded);
    }

    private static boolean sameShape(Mlp a, Mlp b) {
        return shape(a).equals(shape(b));
    }

    private static String shape(Mlp m) {
        StringBuilder s = new StringBuilder().append(m.inputs());
        m.layers().forEach(l -> s.append('-').append(l.outputs()));
        return s.toString();
    }
}

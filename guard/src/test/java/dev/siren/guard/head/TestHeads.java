package dev.siren.guard.head;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded random heads of any shape, for tests. */
public final class TestHeads {

    private TestHeads() {
    }

    public static BackboneRef backbone(int layers, int hidden) {
        return new BackboneRef("test/tiny-backbone", "0123456789abcdef0123456789abcdef01234567", "qwen3", layers, hidden);
    }

    /** A head over every layer of {@code backbone}, selecting up to {@code perLayer} distinct neurons per layer. */
    public static SirenHead random(BackboneRef backbone, int perLayer, int[] hiddenSizes, long seed) {
        Random random = new Random(seed);
        List<LayerSelection> layers = new ArrayList<>();
        int features = 0;
        for (int l = 0; l < backbone.numLayers(); l++) {
            List<Integer> pool = new ArrayList<>();
            for (int i = 0; i < backbone.hiddenSize(); i++) {
                pool.add(i);
            }
            java.util.Collections.shuffle(pool, random);
            int count = 1 + random.nextInt(Math.min(perLayer, backbone.hiddenSize()));
            int[] neurons = pool.subList(0, count).stream().mapToInt(Integer::intValue).toArray();
            layers.add(new LayerSelection(l, 0.1f + 0.9f * random.nextFloat(), neurons));
            features += count;
        }
        List<DenseLayer> dense = new ArrayList<>();
        int inputs = features;
        int[] sizes = java.util.Arrays.copyOf(hiddenSizes, hiddenSizes.length + 1);
        sizes[hiddenSizes.length] = 2;
        for (int outputs : sizes) {
            float[] weight = new float[inputs * outputs];
            float[] bias = new float[outputs];
            double scale = Math.sqrt(2.0 / inputs);
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) (random.nextGaussian() * scale);
            }
            for (int i = 0; i < bias.length; i++) {
                bias[i] = (float) (0.1 * random.nextGaussian());
            }
            dense.add(new DenseLayer(inputs, outputs, weight, bias));
            inputs = outputs;
        }
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("eta", 0.9);
        hyper.put("hidden_sizes", List.of(8, 4));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("mean_macro_f1", 0.75);
        Provenance provenance = new Provenance("2026-11-27T18:00:00Z", "test", List.of(
                new Provenance.DataFile("train", "data/train.jsonl", "ab".repeat(32), 100)),
                Map.of("train", 100), hyper, metrics);
        return new SirenHead(backbone, SirenHead.RESIDUAL_MEAN, 512, FeatureDtype.FLOAT32, layers,
                new MlpClassifier(dense), 0.5, provenance);
    }
}

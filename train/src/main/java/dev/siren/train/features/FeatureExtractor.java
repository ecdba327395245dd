package dev.siren.train.features;

import dev.siren.engine.Backbone;
import dev.siren.guard.TextContract;
import dev.siren.guard.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns texts into SIREN features (per layer, the mean over tokens of the layer output) with a backbone,
 * reading and filling a {@link FeatureCache}. Texts are read as the guard reads them ({@link TextContract}: prepared,
 * special tokens added, truncated to the head's max length), and run in batches of similar length. The cache is
 * keyed by the prepared text.
 */
public final class FeatureExtractor {

    private final Backbone backbone;
    private final TextContract contract;
    private final FeatureCache cache;
    private final int batchSize;

    /**
     * @param contract the backbone's tokenizer and the head's max length
     * @param cache    the backbone's feature cache (for this max length), or null for none
     */
    public FeatureExtractor(Backbone backbone, TextContract contract, FeatureCache cache, int batchSize) {
        this.backbone = backbone;
        this.contract = contract;
        this.cache = cache;
        this.batchSize = batchSize;
    }

    /** features[text][layer][hidden], in the order of the texts. */
    public float[][][] extract(List<String> texts, Progress progress) {
        try {
            float[][][] out = new float[texts.size()][][];
            Map<String, List<Integer>> missing = new HashMap<>();
            List<String> missingTexts = new ArrayList<>();
            int cachedRows = 0;
            for (int i = 0; i < texts.size(); i++) {
                String text = TextContract.prepare(texts.get(i));
                String key = FeatureCache.hash(text);
                float[][] cached = cache == null ? null : cache.get(key);
                if (cached != null) {
                    out[i] = cached;
                    cachedRows++;
                } else {
                    missing.computeIfAbsent(text, k -> {
                        missingTexts.add(k);
                        return new ArrayList<>();
                    }).add(i);
                }
            }
            if (cachedRows > 0) {
                progress.info(cachedRows + " of " + texts.size() + " texts found in the feature cache");
            }
            if (missingTexts.isEmpty()) {
                return out;
            }
            List<int[]> ids = new ArrayList<>(missingTexts.size());
            long tokens = 0;
            for (String t : missingTexts) {
                int[] seq = contract.ids(t);
                ids.add(seq);
                tokens += seq.length;
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) order.add(i);
            order.sort(Comparator.comparingInt(i -> ids.get(i).length));
            try (Progress.Task task = progress.start("features", tokens, "tokens")) {
                for (int from = 0; from < order.size(); from += batchSize) {
                    List<Integer> batch = order.subList(from, Math.min(order.size(), from + batchSize));
                    float[][][] means = backbone.layerMeans(batch.stream().map(ids::get).toList());
                    long batchTokens = 0;
                    for (int b = 0; b < batch.size(); b++) {
                        String text = missingTexts.get(batch.get(b));
                        if (cache != null) {
                            cache.put(FeatureCache.hash(text), means[b]);
                        }
                        for (int row : missing.get(text)) {
                            out[row] = means[b];
                        }
                        batchTokens += ids.get(batch.get(b)).length;
                    }
                    task.advance(batchTokens);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("feature cache: " + e.getMessage(), e);
        }
    }
}

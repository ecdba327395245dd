package dev.siren.train.features;

import dev.siren.engine.Backbone;
import dev.siren.guard.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns texts into SIREN features (per layer, the mean over tokens of the layer output) with a backbone,
 * reading and filling a {@link FeatureCache}. Texts are prepared as the reference does ({@code strip()}, an empty
 * text becomes " "), tokenised by the given function (with special tokens, truncated to the head's max length),
 * and run in batches of similar length.
 */
public final class FeatureExtractor {

    private final Backbone backbone;
    private final Function<String, int[]> tokenizer;
    private final FeatureCache cache;
    private final int batchSize;

    /**
     * @param tokenizer text -> token ids as the head expects them (special tokens added, truncated)
     * @param cache     the backbone's feature cache, or null for none
     */
    public FeatureExtractor(Backbone backbone, Function<String, int[]> tokenizer, FeatureCache cache, int batchSize) {
        this.backbone = backbone;
        this.tokenizer = tokenizer;
        this.cache = cache;
        this.batchSize = batchSize;
    }

    /** The text the backbone reads for a raw text: stripped, and " " when nothing is left. */
    public static String prepare(String text) {
        String s = text.strip();
        return s.isEmpty() ? " " : s;
    }

    /** features[text][layer][hidden], in the order of the texts. */
    public float[][][] extract(List<String> texts, Progress progress) {
        try {
            float[][][] out = new float[texts.size()][][];
            Map<String, List<Integer>> missing = new HashMap<>();
            List<String> missingTexts = new ArrayList<>();
            int cachedRows = 0;
            for (int i = 0; i < texts.size(); i++) {
                String text = prepare(texts.get(i));
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
                int[] seq = tokenizer.apply(t);
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

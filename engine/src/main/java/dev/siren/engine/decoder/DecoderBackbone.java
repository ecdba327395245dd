package dev.siren.engine.decoder;

import dev.siren.engine.Backbone;
import dev.siren.engine.IncrementalSequence;
import dev.siren.engine.MeanPool;
import dev.siren.engine.ModelInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Backbone} over a {@link DecoderModel}. Batches are packed into steps of at most {@code maxStepTokens}
 * tokens, and each layer's output is pooled into running sums as soon as it is produced, so memory stays bounded
 * by the step size, whatever the batch. A sequence longer than a step is run in chunks through a KV cache.
 */
public final class DecoderBackbone implements Backbone {

    private final DecoderModel model;
    private final int maxStepTokens;

    public DecoderBackbone(DecoderModel model, int maxStepTokens) {
        this.model = model;
        this.maxStepTokens = maxStepTokens;
    }

    public static DecoderBackbone open(Path dir, int threads, int maxStepTokens) {
        return new DecoderBackbone(DecoderModel.open(dir, threads), maxStepTokens);
    }

    public DecoderModel model() {
        return model;
    }

    @Override
    public ModelInfo info() {
        var c = model.config();
        return new ModelInfo(c.modelType(), c.numLayers(), c.hiddenSize(), c.maxPositions(), model.dir().toString());
    }

    @Override
    public boolean isCausal() {
        return true;
    }

    @Override
    public float[][][] layerMeans(List<int[]> sequences) {
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i).length == 0) {
                throw new IllegalArgumentException("sequence " + i + " is empty: the mean of its layer outputs is undefined");
            }
        }
        float[][][] result = new float[sequences.size()][][];
        List<Integer> batch = new ArrayList<>();
        int batchTokens = 0;
        for (int i = 0; i < sequences.size(); i++) {
            int len = sequences.get(i).length;
            if (len > maxStepTokens) {
                result[i] = meansInChunks(sequences.get(i));
                continue;
            }
            if (batchTokens + len > maxStepTokens) {
                runBatch(sequences, batch, result);
                batch.clear();
                batchTokens = 0;
            }
            batch.add(i);
            batchTokens += len;
        }
        runBatch(sequences, batch, result);
        return result;
    }

    private void runBatch(List<int[]> sequences, List<Integer> batch, float[][][] result) {
        if (batch.isEmpty()) {
            return;
        }
        var c = model.config();
        List<Segment> segments = new ArrayList<>(batch.size());
        MeanPool[] pools = new MeanPool[batch.size()];
        for (int b = 0; b < batch.size(); b++) {
            int[] ids = sequences.get(batch.get(b));
            segments.add(new Segment(ids, 0, new KvCache(1, c.kvDim(), ids.length, ids.length)));
            pools[b] = new MeanPool(c.numLayers(), c.hiddenSize());
        }
        model.forward(segments, (layer, seg, x, off, rows) -> pools[seg].add(layer, x, off, rows));
        for (int b = 0; b < batch.size(); b++) {
            result[batch.get(b)] = pools[b].means();
        }
    }

    private float[][] meansInChunks(int[] ids) {
        try (CachedSequence seq = new CachedSequence(model, ids.length, 0, maxStepTokens)) {
            seq.append(ids);
            return seq.layerMeans();
        }
    }

    @Override
    public IncrementalSequence newSequence(int maxTokens, int maxRollback) {
        if (maxTokens > model.config().maxPositions()) {
            throw new IllegalArgumentException("maxTokens " + maxTokens + " exceeds the model's max_position_embeddings "
                    + model.config().maxPositions());
        }
        return new CachedSequence(model, maxTokens, maxRollback, maxStepTokens);
    }

    /**
     * A readout of the last token's hidden states {@code hiddenStates} (Hugging Face numbering, ascending) that runs
     * the layers up to the deepest only, in steps of this backbone's size.
     */
    public LastTokenReadout lastTokenReadout(int... hiddenStates) {
        return new LastTokenReadout(model, hiddenStates, maxStepTokens);
    }

    @Override
    public void close() {
        model.close();
    }
}

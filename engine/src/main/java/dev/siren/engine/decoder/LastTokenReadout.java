package dev.siren.engine.decoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hidden state of a sequence's last token at one depth, numbered as Hugging Face's {@code hidden_states}:
 * state {@code L} is the output of layer {@code L - 1} (the residual stream), and the deepest one is reported after
 * the final RMSNorm, as transformers reports it. The decoder stops after layer {@code L - 1}: the layers above never
 * run, which changes nothing in state {@code L} (an exact early exit). State 0, the embeddings, is not offered: it
 * reads one token and no context. Thread-safe, like the model.
 */
public final class LastTokenReadout {

    private final DecoderModel model;
    private final int hiddenState;
    private final int maxStepTokens;

    public LastTokenReadout(DecoderModel model, int hiddenState, int maxStepTokens) {
        int layers = model.config().numLayers();
        if (hiddenState < 1 || hiddenState > layers) {
            throw new IllegalArgumentException("hidden state " + hiddenState + " does not exist in a " + layers
                    + "-layer decoder: expected 1 to " + layers + " (Hugging Face hidden_states numbering, 0 being"
                    + " the embeddings)");
        }
        this.model = model;
        this.hiddenState = hiddenState;
        this.maxStepTokens = maxStepTokens;
    }

    public int hiddenState() {
        return hiddenState;
    }

    public int hiddenSize() {
        return model.config().hiddenSize();
    }

    /** The state of each sequence's last token, in input order; sequences are packed into steps as for the means. */
    public float[][] states(List<int[]> sequences) {
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i).length == 0) {
                throw new IllegalArgumentException("sequence " + i + " is empty: it has no last token");
            }
        }
        float[][] result = new float[sequences.size()][];
        List<Integer> batch = new ArrayList<>();
        int batchTokens = 0;
        for (int i = 0; i < sequences.size(); i++) {
            int[] ids = sequences.get(i);
            if (ids.length > maxStepTokens) {
                LastTokenSequence seq = newSequence(ids.length);
                seq.append(ids);
                result[i] = seq.state();
                continue;
            }
            if (batchTokens + ids.length > maxStepTokens) {
                runBatch(sequences, batch, result);
                batch.clear();
                batchTokens = 0;
            }
            batch.add(i);
            batchTokens += ids.length;
        }
        runBatch(sequences, batch, result);
        return result;
    }

    private void runBatch(List<int[]> sequences, List<Integer> batch, float[][] result) {
        if (batch.isEmpty()) {
            return;
        }
        int kvDim = model.config().kvDim();
        List<Segment> segments = new ArrayList<>(batch.size());
        for (int index : batch) {
            int[] ids = sequences.get(index);
            segments.add(new Segment(ids, 0, new KvCache(1, kvDim, ids.length, ids.length)));
        }
        run(segments, (seg, state) -> result[batch.get(seg)] = state);
    }

    /** Opens a sequence that grows (and is cut back) with a KV cache of the layers below the readout only. */
    public LastTokenSequence newSequence(int maxTokens) {
        if (maxTokens < 1 || maxTokens > model.config().maxPositions()) {
            throw new IllegalArgumentException("maxTokens must be 1 to the model's max_position_embeddings "
                    + model.config().maxPositions() + ", got " + maxTokens);
        }
        return new LastTokenSequence(this, new KvCache(hiddenState, model.config().kvDim(), Math.min(maxTokens, 256),
                maxTokens), maxStepTokens);
    }

    /** Receives the readout of one segment of a step. */
    interface StateSink {
        void accept(int segment, float[] state);
    }

    /** One forward step through the layers up to the readout, handing over each segment's last-token state. */
    void run(List<Segment> segments, StateSink sink) {
        int d = model.config().hiddenSize();
        boolean last = hiddenState == model.config().numLayers();
        model.forward(segments, hiddenState, (layer, seg, x, off, rows) -> {
            if (layer == hiddenState - 1) {
                int from = off + (rows - 1) * d;
                float[] state = Arrays.copyOfRange(x, from, from + d);
                sink.accept(seg, last ? model.finalNorm(state) : state);
            }
        });
    }
}

package dev.siren.engine.decoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hidden states of a sequence's last token at one or more depths, numbered as Hugging Face's
 * {@code hidden_states}: state {@code L} is the output of layer {@code L - 1} (the residual stream), and the deepest one
 * is reported after the final RMSNorm, as transformers reports it. The decoder stops after the deepest layer asked
 * for: the layers above never run, which changes nothing in the states read (an exact early exit). State 0, the
 * embeddings, is not offered: it reads one token and no context. Thread-safe, like the model.
 */
public final class LastTokenReadout {

    private final DecoderModel model;
    private final int[] hiddenStates;
    private final int deepest;
    private final int maxStepTokens;

    /** @param hiddenStates the depths to read, ascending, each 1 to the number of layers */
    public LastTokenReadout(DecoderModel model, int[] hiddenStates, int maxStepTokens) {
        int layers = model.config().numLayers();
        for (int i = 0; i < hiddenStates.length; i++) {
            if (hiddenStates[i] < 1 || hiddenStates[i] > layers) {
                throw new IllegalArgumentException("hidden state " + hiddenStates[i] + " does not exist in a " + layers
                        + "-layer decoder: expected 1 to " + layers + " (Hugging Face hidden_states numbering, 0"
                        + " being the embeddings)");
            }
            if (i > 0 && hiddenStates[i] <= hiddenStates[i - 1]) {
                throw new IllegalArgumentException("hidden states must ascend: " + Arrays.toString(hiddenStates));
            }
        }
        if (hiddenStates.length == 0) {
            throw new IllegalArgumentException("no hidden state to read");
        }
        this.model = model;
        this.hiddenStates = hiddenStates.clone();
        this.deepest = hiddenStates[hiddenStates.length - 1];
        this.maxStepTokens = maxStepTokens;
    }

    public LastTokenReadout(DecoderModel model, int hiddenState, int maxStepTokens) {
        this(model, new int[]{hiddenState}, maxStepTokens);
    }

    /** The depths read, ascending. */
    public int[] hiddenStates() {
        return hiddenStates.clone();
    }

    public int hiddenSize() {
        return model.config().hiddenSize();
    }

    /**
     * The states of each sequence's last token, {@code [sequence][depth][hidden]} in input and depth order;
     * sequences are packed into steps as for the means.
     */
    public float[][][] states(List<int[]> sequences) {
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i).length == 0) {
                throw new IllegalArgumentException("sequence " + i + " is empty: it has no last token");
            }
        }
        float[][][] result = new float[sequences.size()][][];
        List<Integer> batch = new ArrayList<>();
        int batchTokens = 0;
        for (int i = 0; i < sequences.size(); i++) {
            int[] ids = sequences.get(i);
            if (ids.length > maxStepTokens) {
                LastTokenSequence seq = newSequence(ids.length);
                seq.append(ids);
                result[i] = seq.states();
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

    private void runBatch(List<int[]> sequences, List<Integer> batch, float[][][] result) {
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
        return new LastTokenSequence(this, new KvCache(deepest, model.config().kvDim(), Math.min(maxTokens, 256),
                maxTokens), maxStepTokens);
    }

    /** Receives the readout of one segment of a step. */
    interface StateSink {
        void accept(int segment, float[][] states);
    }

    /** One forward step through the layers up to the deepest readout, handing over each segment's last-token states. */
    void run(List<Segment> segments, StateSink sink) {
        int d = model.config().hiddenSize();
        int layers = model.config().numLayers();
        float[][][] states = new float[segments.size()][hiddenStates.length][];
        model.forward(segments, deepest, (layer, seg, x, off, rows) -> {
            int k = Arrays.binarySearch(hiddenStates, layer + 1);
            if (k >= 0) {
                int from = off + (rows - 1) * d;
                float[] state = Arrays.copyOfRange(x, from, from + d);
                states[seg][k] = layer + 1 == layers ? model.finalNorm(state) : state;
            }
        });
        for (int seg = 0; seg < segments.size(); seg++) {
            sink.accept(seg, states[seg]);
        }
    }
}

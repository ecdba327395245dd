package dev.siren.guard;

import dev.siren.engine.Backbone;
import dev.siren.engine.IncrementalSequence;
import dev.siren.engine.ModelInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in backbone with real context dependence: layer 0 is a small recurrent cell over token
 * embeddings, each later layer a recurrent cell over the layer below. The causal variant's incremental sequences
 * keep every position's states (so rollback is exact); the non-causal variant also mixes in the mean embedding
 * of the whole sequence, so a token's output depends on later tokens as in BERT. Counts the tokens it runs.
 */
public class FakeBackbone implements Backbone {

    public static final int VOCAB = 400;

    private final int layers;
    private final int hidden;
    private final boolean causal;
    private final float[][] embeddings;
    private final float[][][] mixing;
    public final AtomicInteger tokensRun = new AtomicInteger();
    public final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    public volatile boolean closed;

    public FakeBackbone(int layers, int hidden, boolean causal, long seed) {
        this.layers = layers;
        this.hidden = hidden;
        this.causal = causal;
        Random random = new Random(seed);
        embeddings = new float[VOCAB][hidden];
        for (float[] row : embeddings) {
            for (int j = 0; j < hidden; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        mixing = new float[layers][hidden][hidden];
        for (float[][] matrix : mixing) {
            for (float[] row : matrix) {
                for (int j = 0; j < hidden; j++) {
                    row[j] = (float) (random.nextGaussian() / Math.sqrt(hidden));
                }
            }
        }
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("qwen3", layers, hidden, 4096, "fake backbone");
    }

    @Override
    public float[][][] layerMeans(List<int[]> sequences) {
        checkOpen();
        batchSizes.add(sequences.size());
        float[][][] result = new float[sequences.size()][][];
        for (int s = 0; s < sequences.size(); s++) {
            int[] ids = sequences.get(s);
            float[] context = causal ? new float[hidden] : meanEmbedding(ids);
            List<float[][]> states = new ArrayList<>();
            for (int id : ids) {
                states.add(step(id, states.isEmpty() ? null : states.getLast(), context));
            }
            result[s] = mean(states);
        }
        return result;
    }

    @Override
    public boolean isCausal() {
        return causal;
    }

    @Override
    public IncrementalSequence newSequence(int maxTokens, int maxRollback) {
        checkOpen();
        return new IncrementalSequence() {
            private final List<float[][]> states = new ArrayList<>();

            @Override
            public void append(int[] ids) {
                checkOpen();
                if (states.size() + ids.length > maxTokens) {
                    throw new IllegalStateException("sequence capacity " + maxTokens + " exceeded");
                }
                for (int id : ids) {
                    states.add(step(id, states.isEmpty() ? null : states.getLast(), new float[hidden]));
                }
            }

            @Override
            public void rollback(int k) {
                if (k > maxRollback || k > states.size()) {
                    throw new IllegalArgumentException("rollback " + k + " beyond window " + maxRollback);
                }
                states.subList(states.size() - k, states.size()).clear();
            }

            @Override
            public int length() {
                return states.size();
            }

            @Override
            public float[][] layerMeans() {
                return mean(states);
            }

            @Override
            public void close() {
            }
        };
    }

    private float[][] step(int id, float[][] previous, float[] context) {
        tokensRun.incrementAndGet();
        float[][] state = new float[layers][hidden];
        float[] input = embeddings[id];
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < hidden; i++) {
                double sum = context[i] + (previous == null ? 0 : 0.5 * previous[l][i]);
                for (int j = 0; j < hidden; j++) {
                    sum += mixing[l][i][j] * input[j];
                }
                state[l][i] = (float) Math.tanh(sum);
            }
            input = state[l];
        }
        return state;
    }

    private float[] meanEmbedding(int[] ids) {
        float[] mean = new float[hidden];
        for (int id : ids) {
            for (int j = 0; j < hidden; j++) {
                mean[j] += embeddings[id][j] / ids.length;
            }
        }
        return mean;
    }

    private float[][] mean(List<float[][]> states) {
        float[][] mean = new float[layers][hidden];
        for (float[][] state : states) {
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < hidden; i++) {
                    mean[l][i] += state[l][i];
                }
            }
        }
        for (float[] row : mean) {
            for (int i = 0; i < hidden; i++) {
                row[i] /= states.size();
            }
        }
        return mean;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("backbone closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}

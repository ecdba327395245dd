package dev.siren.engine;

/**
 * Running per-layer sums of layer outputs over tokens, in double, so the mean does not depend on how tokens were
 * grouped into forward passes; the SIREN feature is their mean. The one pooling of every backbone.
 */
public final class MeanPool {

    private final int hidden;
    private final double[][] sums;
    private final int[] counts;

    public MeanPool(int layers, int hidden) {
        this.hidden = hidden;
        this.sums = new double[layers][hidden];
        this.counts = new int[layers];
    }

    /** Adds {@code rows} token outputs of one layer, row t at {@code x[off + t * hidden ..]}. */
    public void add(int layer, float[] x, int off, int rows) {
        double[] s = sums[layer];
        for (int t = 0; t < rows; t++) {
            int base = off + t * hidden;
            for (int i = 0; i < hidden; i++) {
                s[i] += x[base + i];
            }
        }
        counts[layer] += rows;
    }

    /** Removes one token's output of one layer (rollback). */
    public void subtract(int layer, float[] x, int off) {
        double[] s = sums[layer];
        for (int i = 0; i < hidden; i++) {
            s[i] -= x[off + i];
        }
        counts[layer]--;
    }

    /** {@code [layer][hidden]}: each layer's sum divided by its token count. */
    public float[][] means() {
        float[][] m = new float[sums.length][hidden];
        for (int l = 0; l < sums.length; l++) {
            if (counts[l] == 0) {
                throw new IllegalStateException("no tokens yet: the mean of the layer outputs is undefined");
            }
            for (int i = 0; i < hidden; i++) {
                m[l][i] = (float) (sums[l][i] / counts[l]);
            }
        }
        return m;
    }
}

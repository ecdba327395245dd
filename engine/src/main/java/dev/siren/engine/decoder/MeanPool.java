package dev.siren.engine.decoder;

/** Running per-layer sums of layer outputs over tokens, in double; the SIREN feature is their mean. */
final class MeanPool {

    private final int hidden;
    private final double[][] sums;
    private final int[] counts;

    MeanPool(int layers, int hidden) {
        this.hidden = hidden;
        this.sums = new double[layers][hidden];
        this.counts = new int[layers];
    }

    void add(int layer, float[] x, int off, int rows) {
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
    void subtract(int layer, float[] x, int off) {
        double[] s = sums[layer];
        for (int i = 0; i < hidden; i++) {
            s[i] -= x[off + i];
        }
        counts[layer]--;
    }

    float[][] means() {
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

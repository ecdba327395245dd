package dev.siren.train;

import java.util.Random;

/**
 * Synthetic pooled features with planted informative neurons: in layer 1 units 3 and 7 shift strongly with the
 * label (unit 3 most), in layer 2 unit 5 shifts weakly, and layer 0 is pure noise.
 */
public final class SyntheticFeatures {

    public static final int LAYERS = 3;
    public static final int HIDDEN = 24;

    private SyntheticFeatures() {
    }

    public static LabeledFeatures planted(int n, long seed) {
        Random rng = new Random(seed);
        float[][][] f = new float[n][LAYERS][HIDDEN];
        int[] y = new int[n];
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
            s[i] = i % 3 == 0 ? "alpha" : "beta";
            double sign = y[i] == 1 ? 1 : -1;
            for (int l = 0; l < LAYERS; l++) {
                for (int j = 0; j < HIDDEN; j++) {
                    f[i][l][j] = (float) rng.nextGaussian();
                }
            }
            f[i][1][3] += (float) (1.5 * sign);
            f[i][1][7] += (float) (1.0 * sign);
            f[i][2][5] += (float) (0.5 * sign);
        }
        return new LabeledFeatures(f, y, s);
    }
}

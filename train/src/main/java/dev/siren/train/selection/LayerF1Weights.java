package dev.siren.train.selection;

/** SIREN's layer weights alpha_l, from each layer's probe F1 on validation data. */
public final class LayerF1Weights {

    /** Weak layers are kept with this weight rather than dropped. */
    public static final double FLOOR = 0.1;

    private LayerF1Weights() {
    }

    /**
     * alpha_l = max(0.1, (f1_l - min f1) / (max f1 - min f1)); the denominator is 1 when all F1 are equal
     * (then every layer gets the floor).
     */
    public static double[] fromValidationF1(double[] f1) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : f1) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min == 0 ? 1 : max - min;
        double[] alpha = new double[f1.length];
        for (int l = 0; l < f1.length; l++) {
            alpha[l] = Math.max(FLOOR, (f1[l] - min) / range);
        }
        return alpha;
    }
}

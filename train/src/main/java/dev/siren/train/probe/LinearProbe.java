package dev.siren.train.probe;

/**
 * A logistic probe on one layer's pooled features: harmful iff {@code weights·x + bias > 0}.
 *
 * @param weights one weight per hidden unit (exactly zero where the L1 penalty removed the unit)
 * @param bias    the intercept
 * @param c       the inverse regularisation strength it was trained with
 */
public record LinearProbe(float[] weights, float bias, double c) {

    public double decision(float[] x) {
        double s = bias;
        for (int j = 0; j < weights.length; j++) {
            s += weights[j] * x[j];
        }
        return s;
    }

    public int nonZeroWeights() {
        int n = 0;
        for (float w : weights) {
            if (w != 0) n++;
        }
        return n;
    }
}

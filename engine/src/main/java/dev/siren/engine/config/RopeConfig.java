package dev.siren.engine.config;

/**
 * Rotary position embedding settings, as Hugging Face's {@code rope_parameters} (transformers 5) or
 * {@code rope_theta} + {@code rope_scaling} (older configs).
 *
 * @param theta                 base of the frequencies
 * @param type                  "default", "linear" or "llama3"
 * @param factor                scaling factor (linear, llama3)
 * @param lowFreqFactor         llama3 only
 * @param highFreqFactor        llama3 only
 * @param originalMaxPositions  llama3 only: the context length the frequencies were trained for
 */
public record RopeConfig(double theta, String type, double factor, double lowFreqFactor, double highFreqFactor,
                         double originalMaxPositions) {

    public static RopeConfig plain(double theta) {
        return new RopeConfig(theta, "default", 1, 0, 0, 0);
    }

    /**
     * The inverse frequencies for a head of {@code headDim}, computed in fp32 like Hugging Face's
     * {@code _compute_default_rope_parameters} and {@code _compute_llama3_parameters}.
     */
    public float[] inverseFrequencies(int headDim) {
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / headDim;
            inv[i] = 1.0f / (float) Math.pow(theta, exponent);
        }
        switch (type) {
            case "default" -> { }
            case "linear" -> {
                for (int i = 0; i < inv.length; i++) {
                    inv[i] = (float) (inv[i] / factor);
                }
            }
            case "llama3" -> applyLlama3Scaling(inv);
            default -> throw new IllegalStateException("unsupported rope type " + type);
        }
        return inv;
    }

    /** Llama 3.1 scaling: long wavelengths are divided by {@code factor}, short ones kept, the band between smoothed. */
    private void applyLlama3Scaling(float[] inv) {
        double lowFreqWavelen = originalMaxPositions / lowFreqFactor;
        double highFreqWavelen = originalMaxPositions / highFreqFactor;
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen > lowFreqWavelen) {
                inv[i] = (float) (inv[i] / factor);
            } else if (wavelen >= highFreqWavelen) {
                double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                inv[i] = (float) ((1 - smooth) * inv[i] / factor + smooth * inv[i]);
            }
        }
    }
}

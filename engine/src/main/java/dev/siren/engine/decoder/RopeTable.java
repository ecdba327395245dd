package dev.siren.engine.decoder;

import dev.siren.engine.config.RopeConfig;

/**
 * cos/sin of the rotary angles for positions {@code 0..n-1}, {@code headDim/2} values per position (the two halves
 * of a head share them), computed as Hugging Face does: angle = fp32(position * inv_freq). Grows on demand.
 */
final class RopeTable {

    private final float[] invFreq;
    private final int half;
    private volatile float[][] table = {new float[0], new float[0]}; // {cos, sin}

    RopeTable(RopeConfig rope, int headDim) {
        this.invFreq = rope.inverseFrequencies(headDim);
        this.half = headDim / 2;
    }

    int half() {
        return half;
    }

    /** {cos, sin} covering at least positions {@code 0..positions-1}. */
    float[][] upTo(int positions) {
        float[][] t = table;
        if (t[0].length >= positions * half) {
            return t;
        }
        synchronized (this) {
            t = table;
            if (t[0].length >= positions * half) {
                return t;
            }
            int n = Math.max(positions, Math.min(2 * t[0].length / Math.max(1, half), positions + 4096));
            float[] cos = new float[n * half];
            float[] sin = new float[n * half];
            for (int p = 0; p < n; p++) {
                for (int i = 0; i < half; i++) {
                    float angle = (float) p * invFreq[i];
                    cos[p * half + i] = (float) Math.cos(angle);
                    sin[p * half + i] = (float) Math.sin(angle);
                }
            }
            table = t = new float[][] {cos, sin};
            return t;
        }
    }
}

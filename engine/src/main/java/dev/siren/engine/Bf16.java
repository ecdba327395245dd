package dev.siren.engine;

/** bfloat16 rounding, for callers that want SIREN features exactly as the bf16 reference code produces them. */
public final class Bf16 {

    private Bf16() {
    }

    /** The bf16 bit pattern nearest to {@code value} (ties to even), as torch's {@code .to(torch.bfloat16)}. */
    public static short bits(float value) {
        int b = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((b >>> 16) | 0x40);
        }
        return (short) ((b + 0x7FFF + ((b >>> 16) & 1)) >>> 16);
    }

    /** {@code value} rounded to the nearest bf16, returned as fp32. */
    public static float round(float value) {
        return Float.intBitsToFloat(bits(value) << 16);
    }

    /** Rounds every element in place and returns the array. */
    public static float[][] round(float[][] values) {
        for (float[] row : values) {
            for (int i = 0; i < row.length; i++) {
                row[i] = round(row[i]);
            }
        }
        return values;
    }
}

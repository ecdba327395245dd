package dev.siren.guard.head;

/**
 * Precision of the pooled per-layer means before the head reads them. The reference pools in bf16 on GPU, so its
 * features are bf16 values; a head trained on such features is fed the fp32 mean rounded to bf16.
 */
public enum FeatureDtype {
    FLOAT32("float32"),
    BFLOAT16("bfloat16");

    private final String jsonName;

    FeatureDtype(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static FeatureDtype fromJson(String name) {
        for (FeatureDtype dtype : values()) {
            if (dtype.jsonName.equals(name)) {
                return dtype;
            }
        }
        throw new IllegalArgumentException("unknown feature dtype '" + name + "' (expected float32 or bfloat16)");
    }

    /** Rounds an fp32 value to the nearest bf16 value (ties to even), as torch does. NaN stays NaN. */
    public static float roundToBf16(float value) {
        if (Float.isNaN(value)) {
            return value;
        }
        int bits = Float.floatToRawIntBits(value);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(rounded & 0xFFFF0000);
    }

    float apply(float value) {
        return this == BFLOAT16 ? roundToBf16(value) : value;
    }
}

package dev.siren.guard.head;

import dev.siren.engine.Bf16;

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

    float apply(float value) {
        return this == BFLOAT16 ? Bf16.round(value) : value;
    }
}

package dev.siren.engine.kernels;

import dev.siren.tokenizer.SirenException;

/** The native bf16 GEMM was asked for (SIREN_NATIVE_GEMM) but cannot be used here; the message says why. */
public final class NativeGemmException extends SirenException {

    NativeGemmException(String message) {
        super(message);
    }
}

package dev.siren.engine.onnx;

import dev.siren.engine.ModelFormatException;

/** An ONNX file that cannot be read; the message says what and where. */
public final class OnnxFormatException extends ModelFormatException {

    public OnnxFormatException(String message) {
        super(message);
    }
}

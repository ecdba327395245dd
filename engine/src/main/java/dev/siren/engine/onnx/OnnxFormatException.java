package dev.siren.engine.onnx;

/** An ONNX file that cannot be read or cannot be mapped to a supported model; the message says what and where. */
public final class OnnxFormatException extends RuntimeException {

    public OnnxFormatException(String message) {
        super(message);
    }
}

package dev.siren.engine.onnx;

/**
 * The parts of an AttributeProto that SIREN reads (Constant values, axes): an int, a list of ints, a float or
 * a tensor. Fields the file did not set are 0, empty or null.
 */
public record OnnxAttribute(String name, long intValue, long[] intValues, float floatValue, OnnxTensor tensor) {
}

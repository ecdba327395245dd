package dev.siren.engine.onnx;

import java.util.List;
import java.util.Map;

/** One NodeProto: an operator with named inputs and outputs (values) and the attributes SIREN reads. */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs,
                       Map<String, OnnxAttribute> attributes) {
}

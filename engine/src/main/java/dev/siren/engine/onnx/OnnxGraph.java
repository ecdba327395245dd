package dev.siren.engine.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The graph of an ONNX model: its nodes in file order, its initializers by name, and its inputs and outputs. */
public final class OnnxGraph {

    private final String source;
    private final List<OnnxNode> nodes;
    private final Map<String, OnnxTensor> initializers;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, OnnxNode> producers = new HashMap<>();

    /** @param source where the model came from, for error messages */
    public OnnxGraph(String source, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers,
                     List<String> inputs, List<String> outputs) {
        this.source = source;
        this.nodes = List.copyOf(nodes);
        this.initializers = Map.copyOf(initializers);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        for (OnnxNode node : nodes) {
            for (String output : node.outputs()) {
                producers.put(output, node);
            }
        }
    }

    public String source() {
        return source;
    }

    public List<OnnxNode> nodes() {
        return nodes;
    }

    public Map<String, OnnxTensor> initializers() {
        return initializers;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** The node that computes a value, if a node does (initializers and graph inputs have none). */
    public Optional<OnnxNode> producerOf(String value) {
        return Optional.ofNullable(producers.get(value));
    }

    /**
     * The integer contents of a value known before run time: an initializer or the output of a Constant node;
     * empty for values computed at run time.
     */
    public Optional<long[]> constantLongs(String value) {
        OnnxTensor initializer = initializers.get(value);
        if (initializer != null) {
            return Optional.of(initializer.toLongs());
        }
        return producerOf(value).filter(node -> node.opType().equals("Constant")).map(OnnxGraph::constantValue);
    }

    /** Like {@link #constantLongs} for floating-point constants (e.g. a LayerNorm epsilon). */
    public Optional<float[]> constantFloats(String value) {
        OnnxTensor initializer = initializers.get(value);
        if (initializer != null) {
            return Optional.of(initializer.toFloats());
        }
        return producerOf(value)
                .filter(node -> node.opType().equals("Constant") && node.attributes().containsKey("value"))
                .map(node -> node.attributes().get("value").tensor().toFloats());
    }

    private static long[] constantValue(OnnxNode constant) {
        Map<String, OnnxAttribute> attributes = constant.attributes();
        if (attributes.containsKey("value")) {
            return attributes.get("value").tensor().toLongs();
        }
        if (attributes.containsKey("value_ints")) {
            return attributes.get("value_ints").intValues();
        }
        if (attributes.containsKey("value_int")) {
            return new long[] {attributes.get("value_int").intValue()};
        }
        throw new OnnxFormatException("Constant node '" + constant.name() + "' has no integer value (attributes: "
                + attributes.keySet() + ")");
    }
}

package dev.siren.engine.bert;

import dev.siren.engine.ModelFormatException;
import dev.siren.engine.config.BertConfig;
import dev.siren.engine.kernels.PackedWeights;
import dev.siren.engine.kernels.Parallel;
import dev.siren.engine.kernels.WeightMatrix;
import dev.siren.engine.onnx.OnnxGraph;
import dev.siren.engine.onnx.OnnxNode;
import dev.siren.engine.onnx.OnnxTensor;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BERT weights from an ONNX export of Hugging Face's BertModel (as in the langchain4j embedding jars). Named
 * initializers keep their Hugging Face names; the Linear weights are anonymous ({@code onnx::MatMul_787}) and are
 * found through the MatMul node that uses them ({@code /encoder/layer.0/attention/self/query/MatMul}). They are
 * stored [in, out], as MatMul consumes them. The head count and LayerNorm epsilon are not weights: they are
 * read from the graph (the attention Reshape constants and the LayerNorm's Add constant).
 */
final class OnnxBertSource implements BertTensorSource {

    private static final Pattern LINEAR_MATMUL = Pattern.compile(
            "/encoder/layer\\.(\\d+)/(attention/self/query|attention/self/key|attention/self/value|attention/output/dense"
                    + "|intermediate/dense|output/dense)/MatMul");
    private static final Pattern LINEAR_WEIGHT = Pattern.compile("encoder\\.layer\\.(\\d+)\\.(.+(?:query|key|value|dense))\\.weight");
    private static final String EMBEDDING_NORM = "/embeddings/LayerNorm/";

    private final OnnxGraph graph;
    private final Map<String, OnnxTensor> tensors = new HashMap<>();

    OnnxBertSource(OnnxGraph graph) {
        this.graph = graph;
        for (OnnxTensor initializer : graph.initializers().values()) {
            if (!initializer.name().startsWith("onnx::")) {
                tensors.put(initializer.name(), initializer);
            }
        }
        for (OnnxNode node : graph.nodes()) {
            Matcher matcher = LINEAR_MATMUL.matcher(node.name());
            if (node.opType().equals("MatMul") && matcher.matches() && node.inputs().size() == 2) {
                OnnxTensor weight = graph.initializers().get(node.inputs().get(1));
                if (weight != null) {
                    String path = matcher.group(2).replace('/', '.');
                    tensors.put("encoder.layer." + matcher.group(1) + "." + path + ".weight", weight);
                }
            }
        }
    }

    /** The encoder's shape, from the weight shapes and the graph's constants. */
    BertConfig config() {
        OnnxTensor word = require("embeddings.word_embeddings.weight");
        int hidden = dim(word, 1);
        int layers = 0;
        while (tensors.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
            layers++;
        }
        if (layers == 0) {
            throw new ModelFormatException(graph.source() + ": no encoder layer found (expected a MatMul node named "
                    + "/encoder/layer.0/attention/self/query/MatMul with an initializer as its weight); "
                    + "this does not look like a BERT export");
        }
        requireGeluErf();
        return new BertConfig(dim(word, 0), hidden, layers, headCount(hidden),
                dim(require("encoder.layer.0.intermediate.dense.weight"), 1),
                dim(require("embeddings.position_embeddings.weight"), 0),
                dim(require("embeddings.token_type_embeddings.weight"), 0),
                layerNormEpsilon());
    }

    @Override
    public float[] tensor(String name, int... shape) {
        OnnxTensor tensor = require(name);
        checkShape(tensor, name, shape);
        return tensor.toFloats();
    }

    /** MatMul weights are stored [in, out]: transposed once here into nn.Linear layout. */
    @Override
    public WeightMatrix linearWeight(String name, int in, int out) {
        OnnxTensor tensor = require(name);
        checkShape(tensor, name, in, out);
        return WeightMatrix.fromInputMajor(name, tensor.toFloats(), in, out);
    }

    /** fp32 [in, out] weights are packed straight from the model's bytes (no transposed copy); others as above. */
    @Override
    public PackedWeights packedLinear(String name, List<String> names, int in, int out, Arena arena, Parallel parallel) {
        List<OnnxTensor> parts = new ArrayList<>();
        for (String part : names) {
            OnnxTensor tensor = require(part);
            checkShape(tensor, part, in, out);
            parts.add(tensor);
        }
        if (parts.stream().allMatch(tensor -> tensor.dataType() == OnnxTensor.FLOAT)) {
            return PackedWeights.packInputMajor(name, parts.stream().map(OnnxTensor::floatBytes).toList(), in, out,
                    arena, parallel);
        }
        return BertTensorSource.super.packedLinear(name, names, in, out, arena, parallel);
    }

    private OnnxTensor require(String name) {
        OnnxTensor tensor = tensors.get(name);
        if (tensor == null) {
            Matcher linear = LINEAR_WEIGHT.matcher(name);
            String hint = linear.matches()
                    ? " (expected a MatMul node named /encoder/layer." + linear.group(1) + "/"
                            + linear.group(2).replace('.', '/') + "/MatMul whose second input is an initializer)"
                    : " (expected an initializer of that name)";
            throw new ModelFormatException(graph.source() + ": cannot map BERT weight '" + name + "'" + hint
                    + "; the graph has " + tensors.size() + " mappable tensors, e.g. " + examples());
        }
        return tensor;
    }

    private String examples() {
        return new TreeSet<>(tensors.keySet()).stream().limit(6).toList().toString();
    }

    private void checkShape(OnnxTensor tensor, String name, int... shape) {
        long[] expected = Arrays.stream(shape).asLongStream().toArray();
        if (!Arrays.equals(tensor.dims(), expected)) {
            throw new ModelFormatException(graph.source() + ": tensor '" + name + "' (initializer '" + tensor.name()
                    + "') has shape " + Arrays.toString(tensor.dims()) + ", expected " + Arrays.toString(expected));
        }
    }

    private int dim(OnnxTensor tensor, int axis) {
        if (tensor.dims().length <= axis) {
            throw new ModelFormatException(graph.source() + ": tensor '" + tensor.name() + "' has shape "
                    + Arrays.toString(tensor.dims()) + ", expected at least " + (axis + 1) + " dimensions");
        }
        return Math.toIntExact(tensor.dims()[axis]);
    }

    /**
     * The attention reshapes [batch, seq, hidden] -> [batch, seq, heads, head_dim]; their target shape is built from
     * the run-time batch and sequence sizes and two constants. Every such reshape of layer 0 must agree.
     */
    private int headCount(int hidden) {
        TreeSet<Integer> found = new TreeSet<>();
        for (OnnxNode node : graph.nodes()) {
            if (node.opType().equals("Reshape") && node.name().startsWith("/encoder/layer.0/attention/self/")
                    && node.inputs().size() == 2) {
                long[] shape = reshapeTarget(node.inputs().get(1));
                if (shape != null && shape.length == 4 && shape[2] > 0 && shape[2] * shape[3] == hidden) {
                    found.add((int) shape[2]);
                }
            }
        }
        if (found.size() != 1) {
            throw new ModelFormatException(graph.source() + ": cannot read the attention head count from the graph "
                    + "(expected Reshape nodes under /encoder/layer.0/attention/self/ with a constant target "
                    + "[batch, seq, heads, head_dim], heads x head_dim = " + hidden + "; found head counts " + found + ")");
        }
        return found.first();
    }

    /** A reshape target with its constant entries filled in and run-time ones as -1; null if not of that form. */
    private long[] reshapeTarget(String value) {
        Optional<long[]> constant = graph.constantLongs(value);
        if (constant.isPresent()) {
            return constant.get();
        }
        Optional<OnnxNode> concat = graph.producerOf(value).filter(node -> node.opType().equals("Concat"));
        if (concat.isEmpty()) {
            return null;
        }
        long[] shape = new long[0];
        for (String part : concat.get().inputs()) {
            long[] piece = graph.constantLongs(part).orElse(new long[] {-1});
            long[] joined = Arrays.copyOf(shape, shape.length + piece.length);
            System.arraycopy(piece, 0, joined, shape.length, piece.length);
            shape = joined;
        }
        return shape;
    }

    /** Epsilon of the embedding LayerNorm: an explicit LayerNormalization node or the decomposed Add(variance, eps). */
    private float layerNormEpsilon() {
        for (OnnxNode node : graph.nodes()) {
            if (!node.name().startsWith(EMBEDDING_NORM)) {
                continue;
            }
            if (node.opType().equals("LayerNormalization") && node.attributes().containsKey("epsilon")) {
                return node.attributes().get("epsilon").floatValue();
            }
            if (node.opType().equals("Add") && node.name().equals(EMBEDDING_NORM + "Add")) {
                for (String input : node.inputs()) {
                    Optional<float[]> constant = graph.constantFloats(input);
                    if (constant.isPresent() && constant.get().length == 1) {
                        return constant.get()[0];
                    }
                }
            }
        }
        throw new ModelFormatException(graph.source() + ": cannot read the LayerNorm epsilon (expected a "
                + "LayerNormalization node or an Add of a constant under " + EMBEDDING_NORM + ")");
    }

    /** SIREN implements BERT's exact GELU; a graph using the tanh approximation would silently give other features. */
    private void requireGeluErf() {
        boolean erf = graph.nodes().stream().anyMatch(node -> node.name().startsWith("/encoder/layer.0/intermediate/")
                && node.opType().equals("Erf"));
        if (!erf) {
            throw new ModelFormatException(graph.source() + ": layer 0's intermediate activation has no Erf node; only "
                    + "BERT's exact (erf) GELU is supported");
        }
    }
}

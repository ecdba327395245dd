package dev.siren.guard.head;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.io.AtomicFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a head folder: {@code siren_config.json} + {@code siren.safetensors} (schema: docs/head-format.md). */
public final class HeadWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HeadWriter() {
    }

    /**
     * Writes the head into {@code folder} (created if needed), replacing any head files there. Both files are
     * written in full before either replaces its predecessor, so a failed write leaves the previous head intact.
     */
    public static void write(SirenHead head, Path folder) throws IOException {
        ObjectNode config = config(head);
        try (AtomicFile weightsFile = AtomicFile.begin(folder.resolve(HeadFiles.WEIGHTS));
             AtomicFile configFile = AtomicFile.begin(folder.resolve(HeadFiles.CONFIG))) {
            HeadTensors.write(weightsFile.temp(), tensors(head.classifier()));
            JSON.writeValue(configFile.temp().toFile(), config);
            weightsFile.commit();
            configFile.commit();
        }
    }

    static Map<String, FloatTensor> tensors(MlpClassifier classifier) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        List<DenseLayer> layers = classifier.layers();
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer layer = layers.get(i);
            tensors.put(HeadFiles.weightTensor(i),
                    new FloatTensor(new int[]{layer.outputs(), layer.inputs()}, layer.weightView()));
            tensors.put(HeadFiles.biasTensor(i), new FloatTensor(new int[]{layer.outputs()}, layer.biasView()));
        }
        return tensors;
    }

    static ObjectNode config(SirenHead head) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", HeadFiles.FORMAT);
        root.put("format_version", HeadFiles.FORMAT_VERSION);
        BackboneRef backbone = head.backbone();
        ObjectNode backboneNode = root.putObject("backbone");
        backboneNode.put("id", backbone.id());
        if (backbone.revision() != null) {
            backboneNode.put("revision", backbone.revision());
        }
        backboneNode.put("architecture", backbone.architecture());
        backboneNode.put("num_layers", backbone.numLayers());
        backboneNode.put("hidden_size", backbone.hiddenSize());
        root.put("pooling", head.pooling());
        root.put("max_length", head.maxLength());
        root.put("feature_dtype", head.featureDtype().jsonName());
        root.put("threshold", head.threshold());
        ArrayNode layers = root.putArray("layers");
        for (LayerSelection selection : head.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("layer", selection.layer());
            layer.put("alpha", selection.alpha());
            ArrayNode neurons = layer.putArray("neurons");
            for (int neuron : selection.neurons()) {
                neurons.add(neuron);
            }
        }
        MlpClassifier classifier = head.classifier();
        ObjectNode mlp = root.putObject("mlp");
        mlp.put("input_size", classifier.inputSize());
        ArrayNode hidden = mlp.putArray("hidden_sizes");
        for (int size : classifier.hiddenSizes()) {
            hidden.add(size);
        }
        mlp.put("activation", MlpClassifier.ACTIVATION);
        mlp.put("output_size", 2);
        root.set("provenance", provenance(head.provenance()));
        return root;
    }

    /** The provenance block of a head config (shared with the Agent-SIREN head writer). */
    public static ObjectNode provenance(Provenance provenance) {
        ObjectNode node = JSON.createObjectNode();
        node.put("created_at", provenance.createdAt());
        node.put("project_version", provenance.projectVersion());
        ArrayNode files = node.putArray("data_files");
        for (Provenance.DataFile file : provenance.dataFiles()) {
            ObjectNode entry = files.addObject();
            entry.put("role", file.role());
            entry.put("path", file.path());
            entry.put("sha256", file.sha256());
            entry.put("samples", file.samples());
        }
        node.set("sample_counts", JSON.valueToTree(new LinkedHashMap<>(provenance.sampleCounts())));
        node.set("hyper_parameters", JSON.valueToTree(new LinkedHashMap<>(provenance.hyperParameters())));
        node.set("metrics", JSON.valueToTree(new LinkedHashMap<>(provenance.metrics())));
        return node;
    }
}

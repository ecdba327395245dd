package dev.siren.guard.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.io.AtomicFile;
import dev.siren.guard.head.FloatTensor;
import dev.siren.guard.head.HeadFiles;
import dev.siren.guard.head.HeadTensors;
import dev.siren.guard.head.HeadWriter;
import dev.siren.guard.head.Provenance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes an Agent-SIREN head folder: {@code siren_config.json} + {@code siren.safetensors} (docs/agent-siren.md). */
public final class AgentHeadWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AgentHeadWriter() {
    }

    /**
     * Writes the head into {@code folder} (created if needed). Both files are written in full before either replaces
     * its predecessor, so a failed write leaves the previous head intact.
     */
    public static void write(AgentHead head, Provenance provenance, Path folder) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.put("format", AgentHeadFiles.FORMAT);
        config.put("format_version", AgentHeadFiles.FORMAT_VERSION);
        config.put("method", "agent-siren");
        ObjectNode backbone = config.putObject("backbone");
        backbone.put("id", head.backboneId());
        if (head.backboneRevision() != null) {
            backbone.put("revision", head.backboneRevision());
        }
        config.put("hidden_state", head.hiddenState());
        config.put("hidden_size", head.hiddenSize());
        config.put("readout", "last_token");
        config.put("max_tokens", head.maxTokens());
        config.put("truncation", "head_and_tail");
        config.put("threshold", head.threshold());
        config.set("provenance", HeadWriter.provenance(provenance));
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put(AgentHeadFiles.WEIGHT, new FloatTensor(new int[]{1, head.hiddenSize()}, head.weight()));
        tensors.put(AgentHeadFiles.BIAS, new FloatTensor(new int[]{1}, new float[]{head.bias()}));
        try (AtomicFile weightsFile = AtomicFile.begin(folder.resolve(HeadFiles.WEIGHTS));
             AtomicFile configFile = AtomicFile.begin(folder.resolve(HeadFiles.CONFIG))) {
            HeadTensors.write(weightsFile.temp(), tensors);
            JSON.writeValue(configFile.temp().toFile(), config);
            weightsFile.commit();
            configFile.commit();
        }
    }
}

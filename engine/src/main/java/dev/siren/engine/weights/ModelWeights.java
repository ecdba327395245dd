package dev.siren.engine.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.siren.engine.ModelFormatException;
import dev.siren.tokenizer.json.StrictJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a Hugging Face model folder: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. All files are memory-mapped; tensors stay in their stored dtype.
 */
public final class ModelWeights implements AutoCloseable {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path dir;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> fileOf;

    private ModelWeights(Path dir, List<SafetensorsFile> files, Map<String, SafetensorsFile> fileOf) {
        this.dir = dir;
        this.files = files;
        this.fileOf = fileOf;
    }

    public static ModelWeights open(Path dir) {
        Path single = dir.resolve(SINGLE_FILE);
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openSharded(dir, index);
        }
        if (Files.isRegularFile(single)) {
            SafetensorsFile f = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> map = new HashMap<>();
            f.names().forEach(n -> map.put(n, f));
            return new ModelWeights(dir, List.of(f), map);
        }
        throw new ModelFormatException(dir + ": no " + SINGLE_FILE + " or " + INDEX_FILE
                + " (only safetensors weights are supported)");
    }

    private static ModelWeights openSharded(Path dir, Path index) {
        JsonNode weightMap;
        try {
            weightMap = StrictJson.mapper(StrictJson.CONFIG).readTree(index.toFile()).path("weight_map");
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(index + ": " + StrictJson.problem(e, StrictJson.CONFIG));
        } catch (IOException e) {
            throw new ModelFormatException(index + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (!weightMap.isObject()) {
            throw new ModelFormatException(index + ": missing object field 'weight_map'");
        }
        Map<String, SafetensorsFile> byShard = new LinkedHashMap<>();
        Map<String, SafetensorsFile> fileOf = new HashMap<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String shard = e.getValue().asText();
                SafetensorsFile f = byShard.get(shard);
                if (f == null) {
                    Path shardPath = dir.resolve(shard);
                    if (!Files.isRegularFile(shardPath)) {
                        throw new ModelFormatException(index + ": shard '" + shard + "' (holding tensor '" + e.getKey()
                                + "') not found in " + dir);
                    }
                    f = SafetensorsFile.open(shardPath);
                    byShard.put(shard, f);
                }
                if (!f.contains(e.getKey())) {
                    throw new ModelFormatException(f.path() + ": tensor '" + e.getKey() + "' not found (the index "
                            + INDEX_FILE + " says it is there)");
                }
                fileOf.put(e.getKey(), f);
            }
        } catch (RuntimeException e) {
            byShard.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new ModelWeights(dir, new ArrayList<>(byShard.values()), fileOf);
    }

    public Path dir() {
        return dir;
    }

    public boolean contains(String name) {
        return fileOf.containsKey(name);
    }

    /** The named tensor, or a {@link ModelFormatException} naming the folder and tensor. */
    public Tensor tensor(String name) {
        SafetensorsFile f = fileOf.get(name);
        if (f == null) {
            throw new ModelFormatException(dir + ": tensor '" + name + "' not found in the model's safetensors files");
        }
        return f.tensor(name);
    }

    /** The named tensor, checked to have exactly this shape. */
    public Tensor tensor(String name, long... shape) {
        return tensor(name).requireShape(shape);
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}

package dev.siren.engine.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.ModelFormatException;
import dev.siren.tokenizer.json.StrictJson;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One memory-mapped safetensors file: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}}), then the raw tensor bytes. Nothing is copied: tensors are
 * slices of the mapping, valid until {@link #close()}.
 */
public final class SafetensorsFile implements AutoCloseable {

    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.SAFETENSORS_HEADER);
    /** safetensors caps the header at 100 MB; anything bigger is a corrupt or foreign file. */
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private final Path path;
    private final Arena arena;
    private final Map<String, Tensor> tensors;
    /** Tensors whose dtype we do not read (e.g. U8): kept to give a precise error when asked for. */
    private final Map<String, String> unsupported;

    private SafetensorsFile(Path path, Arena arena, Map<String, Tensor> tensors, Map<String, String> unsupported) {
        this.path = path;
        this.arena = arena;
        this.tensors = tensors;
        this.unsupported = unsupported;
    }

    public static SafetensorsFile open(Path path) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment all;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            return parse(path, arena, all);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new ModelFormatException(path + ": file not found");
        } catch (IOException e) {
            arena.close();
            throw new ModelFormatException(path + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(Path path, Arena arena, MemorySegment all) {
        long size = all.byteSize();
        if (size < 8) {
            throw new ModelFormatException(path + ": truncated safetensors file (" + size + " bytes, no header)");
        }
        long headerLen = all.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || 8 + headerLen > size) {
            throw new ModelFormatException(path + ": corrupt or truncated safetensors file (header length "
                    + headerLen + ", file size " + size + ")");
        }
        JsonNode header;
        try {
            byte[] bytes = all.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
            header = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(path + ": corrupt safetensors header: "
                    + StrictJson.problem(e, StrictJson.SAFETENSORS_HEADER));
        }
        if (header == null || !header.isObject()) {
            throw new ModelFormatException(path + ": corrupt safetensors header (expected a JSON object)");
        }
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> unsupported = new LinkedHashMap<>();
        List<Extent> extents = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode info = e.getValue();
            String dtypeName = info.path("dtype").asText("");
            JsonNode shapeNode = info.path("shape");
            JsonNode offsets = info.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new ModelFormatException(path + ": corrupt header entry for tensor '" + name
                        + "' (needs dtype, shape and data_offsets [begin, end])");
            }
            long[] shape = new long[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new ModelFormatException(path + ": tensor '" + name + "' has a negative or invalid dimension");
                }
                try {
                    count = Math.multiplyExact(count, shape[i]);
                } catch (ArithmeticException overflow) {
                    throw new ModelFormatException(path + ": tensor '" + name + "' has an impossibly large shape");
                }
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin || end > dataSize) {
                throw new ModelFormatException(path + ": tensor '" + name + "' lies outside the file (bytes "
                        + begin + ".." + end + " of a " + dataSize + "-byte data section): truncated or corrupt file");
            }
            extents.add(new Extent(name, begin, end));
            DType dtype = DType.fromSafetensors(dtypeName);
            if (dtype == null) {
                unsupported.put(name, dtypeName);
                continue;
            }
            if (count > Long.MAX_VALUE / dtype.bytes() || end - begin != count * dtype.bytes()) {
                throw new ModelFormatException(path + ": tensor '" + name + "' has " + (end - begin)
                        + " bytes, but its shape and dtype " + dtype + " need " + count * dtype.bytes());
            }
            tensors.put(name, new Tensor(name, path.toString(), dtype, shape, all.asSlice(dataStart + begin, end - begin)));
        }
        checkDisjoint(path, extents);
        return new SafetensorsFile(path, arena, Collections.unmodifiableMap(tensors), unsupported);
    }

    /** Where one tensor's bytes lie in the data section. */
    private record Extent(String name, long begin, long end) {
    }

    /** Two tensors sharing bytes means a corrupt (or crafted) file: writing one would change the other. */
    private static void checkDisjoint(Path path, List<Extent> extents) {
        extents.sort(Comparator.comparingLong(Extent::begin).thenComparingLong(Extent::end));
        Extent previous = null;
        for (Extent extent : extents) {
            if (extent.begin() == extent.end()) {
                continue; // an empty tensor owns no bytes
            }
            if (previous != null && extent.begin() < previous.end()) {
                throw new ModelFormatException(path + ": tensors '" + previous.name() + "' (bytes " + previous.begin()
                        + ".." + previous.end() + ") and '" + extent.name() + "' (bytes " + extent.begin() + ".."
                        + extent.end() + ") overlap: corrupt file");
            }
            previous = extent;
        }
    }

    public Path path() {
        return path;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public boolean contains(String name) {
        return tensors.containsKey(name) || unsupported.containsKey(name);
    }

    /** The tensor, or a {@link ModelFormatException} naming the file and tensor. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t != null) {
            return t;
        }
        String dtype = unsupported.get(name);
        if (dtype != null) {
            throw new ModelFormatException(path + ": tensor '" + name + "' has unsupported dtype " + dtype
                    + " (supported: F32, F16, BF16)");
        }
        throw new ModelFormatException(path + ": tensor '" + name + "' not found");
    }

    @Override
    public void close() {
        arena.close();
    }
}

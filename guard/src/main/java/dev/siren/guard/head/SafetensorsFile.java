package dev.siren.guard.head;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the small safetensors files that hold head weights: an 8-byte little-endian header length, a
 * JSON header {name: {dtype, shape, data_offsets}}, then the raw little-endian tensor bytes.
 * Heads are a few MB to a few hundred MB, so tensors are read fully into fp32 arrays; the backbone's weights go
 * through the engine's memory-mapped reader instead. Writes F32; reads F32, F64, F16 and BF16 (released heads may
 * have been saved in any of them).
 */
public final class SafetensorsFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private SafetensorsFile() {
    }

    /** Writes the tensors (in map order) as F32, with optional string metadata. */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, FloatTensor> entry : tensors.entrySet()) {
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (int dim : entry.getValue().shape()) {
                shape.add(dim);
            }
            long end = offset + 4L * entry.getValue().data().length;
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        // The format pads the header with spaces so the data starts 8-byte aligned.
        int padded = (headerBytes.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(headerBytes);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(prefix.array());
            for (FloatTensor tensor : tensors.values()) {
                ByteBuffer bytes = ByteBuffer.allocate(4 * tensor.data().length).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(tensor.data());
                out.write(bytes.array());
            }
        }
    }

    /** Reads every tensor as fp32, in header order. Fails with a message naming the file and tensor at fault. */
    public static Map<String, FloatTensor> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidHeadException(file + ": file not found");
        } catch (IOException e) {
            throw new InvalidHeadException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (bytes.length < 8) {
            throw corrupt(file, "only " + bytes.length + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
            throw corrupt(file, "header length " + headerLength + " does not fit the file size " + bytes.length);
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw corrupt(file, "the header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (header == null || !header.isObject()) {
            throw corrupt(file, "the header is not a JSON object");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - dataStart;
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getKey().equals("__metadata__")) {
                tensors.put(entry.getKey(), readTensor(file, entry.getKey(), entry.getValue(), buffer, dataStart,
                        dataLength));
            }
        }
        return tensors;
    }

    private static FloatTensor readTensor(Path file, String name, JsonNode info, ByteBuffer buffer, int dataStart,
                                          long dataLength) {
        JsonNode shapeNode = info.get("shape");
        JsonNode offsets = info.get("data_offsets");
        String dtype = info.path("dtype").asText("");
        if (shapeNode == null || !shapeNode.isArray() || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw corrupt(file, "tensor '" + name + "' lacks a shape or a [begin, end] data_offsets pair");
        }
        int[] shape = new int[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long dim = shapeNode.get(i).asLong(-1);
            if (dim < 0 || dim > Integer.MAX_VALUE) {
                throw corrupt(file, "tensor '" + name + "' has an invalid shape " + shapeNode);
            }
            shape[i] = (int) dim;
            elements *= dim;
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default -> throw new InvalidHeadException(file + ": tensor '" + name + "' has dtype '" + dtype
                    + "'; head weights must be F32, F64, F16 or BF16");
        };
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLength) {
            throw corrupt(file, "tensor '" + name + "' data_offsets [" + begin + ", " + end
                    + "] lie outside the " + dataLength + " data bytes (truncated file?)");
        }
        if (end - begin != elements * width || elements > Integer.MAX_VALUE) {
            throw corrupt(file, "tensor '" + name + "' of shape " + shapeNode + " and dtype " + dtype + " needs "
                    + elements * width + " bytes but its data_offsets span " + (end - begin));
        }
        float[] data = new float[(int) elements];
        int position = dataStart + (int) begin;
        for (int i = 0; i < data.length; i++, position += width) {
            data[i] = switch (dtype) {
                case "F32" -> buffer.getFloat(position);
                case "F64" -> (float) buffer.getDouble(position);
                case "F16" -> Float.float16ToFloat(buffer.getShort(position));
                default -> Float.intBitsToFloat((buffer.getShort(position) & 0xFFFF) << 16);
            };
        }
        return new FloatTensor(shape, data);
    }

    private static InvalidHeadException corrupt(Path file, String detail) {
        return new InvalidHeadException(file + ": not a valid safetensors file: " + detail);
    }
}

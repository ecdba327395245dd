package dev.siren.engine.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helper: rewrites an ONNX model so that ONNX Runtime also returns some intermediate values as outputs. */
public final class OnnxTestModels {

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_OUTPUT = 12;

    private OnnxTestModels() {
    }

    /** The model with fp32 graph outputs added for the given value names (e.g. each encoder layer's output). */
    public static byte[] withFloatOutputs(byte[] model, List<String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 4096);
        ProtoReader reader = new ProtoReader(ByteBuffer.wrap(model), "model");
        while (reader.next()) {
            int field = reader.field();
            if (reader.wireType() == ProtoReader.VARINT) {
                writeVarint(out, (long) field << 3);
                writeVarint(out, reader.varint());
            } else if (reader.wireType() == ProtoReader.LENGTH_DELIMITED) {
                byte[] bytes = toArray(reader.bytes());
                if (field == MODEL_GRAPH) {
                    ByteArrayOutputStream graph = new ByteArrayOutputStream(bytes.length + 4096);
                    graph.writeBytes(bytes);
                    for (String value : values) {
                        writeDelimited(graph, GRAPH_OUTPUT, floatValueInfo(value));
                    }
                    bytes = graph.toByteArray();
                }
                writeDelimited(out, field, bytes);
            } else {
                throw new IllegalArgumentException("unexpected wire type " + reader.wireType() + " in ModelProto field " + field);
            }
        }
        return out.toByteArray();
    }

    /** ValueInfoProto { name, type: TypeProto { tensor_type: { elem_type: FLOAT } } } without a shape. */
    private static byte[] floatValueInfo(String name) {
        ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
        writeVarint(tensorType, 1 << 3);
        writeVarint(tensorType, OnnxTensor.FLOAT);
        ByteArrayOutputStream type = new ByteArrayOutputStream();
        writeDelimited(type, 1, tensorType.toByteArray());
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        writeDelimited(info, 1, name.getBytes(StandardCharsets.UTF_8));
        writeDelimited(info, 2, type.toByteArray());
        return info.toByteArray();
    }

    private static void writeDelimited(ByteArrayOutputStream out, int field, byte[] bytes) {
        writeVarint(out, ((long) field << 3) | ProtoReader.LENGTH_DELIMITED);
        writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}

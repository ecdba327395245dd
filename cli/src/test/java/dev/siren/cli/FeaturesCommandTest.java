package dev.siren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.Backbone;
import dev.siren.engine.Backbones;
import dev.siren.engine.bert.EmbeddedBertModel;
import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.config.RopeConfig;
import dev.siren.engine.generate.RandomModelGenerator;
import dev.siren.engine.weights.DType;
import dev.siren.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code siren features} prints the backbone's layer means for the given ids, as one JSON object. */
class FeaturesCommandTest {

    @TempDir
    Path tmp;

    @Test
    void printsTheLayerMeansOfTheIds() throws Exception {
        DecoderConfig c = new DecoderConfig("qwen3", 32, 2, 4, 2, 16, 48, 100, 1e-6, 512, true, false, false, false, true,
                RopeConfig.plain(1e6), new int[2]);
        Path model = tmp.resolve("tiny");
        RandomModelGenerator.write(c, DType.BF16, 3, model, (done, total) -> { });
        CliRun r = CliRun.of("features", "--model", model.toString(), "--ids", "5, 17,3,99", "--max-length", "3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("keeping the first 3"), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, json.get("layers").asInt());
        assertEquals(32, json.get("hidden").asInt());
        assertEquals(3, json.get("tokens").asInt());
        try (Backbone b = Backbones.open(model)) {
            float[][] expected = b.layerMeans(List.of(new int[] {5, 17, 3}))[0];
            for (int l = 0; l < 2; l++) {
                for (int i = 0; i < 32; i++) {
                    assertEquals(expected[l][i], json.get("features").get(l).get(i).floatValue(), 1e-6f * Math.abs(expected[l][i]) + 1e-7f);
                }
            }
        }
    }

    @Test
    void textIsTokenizedWithTheModelsTokenizer() throws Exception {
        DecoderConfig c = new DecoderConfig("llama", 32, 2, 2, 1, 16, 48, 100, 1e-5, 512, true, false, false, false, false,
                RopeConfig.plain(1e4), new int[2]);
        Path model = tmp.resolve("tiny-llama");
        RandomModelGenerator.write(c, DType.F32, 5, model, (done, total) -> { });
        java.nio.file.Files.writeString(model.resolve("tokenizer.json"), """
                {"version": "1.0", "added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "BertPreTokenizer"}, "post_processor": null, "decoder": null,
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                           "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "hello": 7, "world": 42, "!": 9}}}
                """);
        CliRun byText = CliRun.of("features", "--model", model.toString(), "--text", "hello world!");
        assertEquals(0, byText.exit(), byText.err());
        CliRun byIds = CliRun.of("features", "--model", model.toString(), "--ids", "7,42,9");
        assertEquals(byIds.out(), byText.out());
        assertEquals(3, new ObjectMapper().readTree(byText.out()).get("tokens").asInt());
        CliRun noTokenizer = CliRun.of("features", "--model", model.toString(), "--text", "x", "--tokenizer", tmp.toString());
        assertEquals(2, noTokenizer.exit()); // an input error, not "flagged"
        assertTrue(noTokenizer.err().startsWith("siren features: "), noTokenizer.err());
    }

    @Test
    void textIsStrippedAsTheGuardStripsItAndTruncatedIdsKeepTheirSpecialTokens() throws Exception {
        DecoderConfig c = new DecoderConfig("llama", 32, 2, 2, 1, 16, 48, 100, 1e-5, 512, true, false, false, false, false,
                RopeConfig.plain(1e4), new int[2]);
        Path model = tmp.resolve("tiny-bert-like");
        RandomModelGenerator.write(c, DType.F32, 5, model, (done, total) -> { });
        java.nio.file.Files.writeString(model.resolve("tokenizer.json"), """
                {"version": "1.0", "added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "BertPreTokenizer"},
                 "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 2], "cls": ["[CLS]", 1]},
                 "decoder": null,
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                           "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2,
                           "hello": 7, "world": 42, "!": 9}}}
                """);
        // U+00A0 is Python whitespace but not Java's: the head reads "hello world!" ([CLS] 7 42 9 [SEP])
        CliRun byText = CliRun.of("features", "--model", model.toString(), "--text", "\u00a0hello world!\u00a0");
        assertEquals(0, byText.exit(), byText.err());
        assertEquals(CliRun.of("features", "--model", model.toString(), "--ids", "1,7,42,9,2").out(), byText.out());
        CliRun cut = CliRun.of("features", "--model", model.toString(), "--ids", "1,7,42,9,2", "--max-length", "3");
        assertEquals(0, cut.exit(), cut.err());
        assertTrue(cut.err().contains("with the special tokens"), cut.err());
        assertEquals(CliRun.of("features", "--model", model.toString(), "--ids", "1,7,2").out(), cut.out(),
                "[CLS] hello [SEP], as --text with --max-length 3 reads it");
        assertEquals(CliRun.of("features", "--model", model.toString(), "--text", "hello world!", "--max-length", "3")
                .out(), cut.out());
    }

    /** The layer means themselves are checked above; here, that the name reaches the embedded encoder. */
    @Test
    void anEmbeddedEncoderIsNamedAsTrainAndBenchNameIt() throws Exception {
        CliRun r = CliRun.of("features", "--model", "all-minilm-l6-v2", "--text", "Hello world", "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        EmbeddedBertModel model = EmbeddedBertModel.ALL_MINILM_L6_V2;
        int[] ids = Tokenizer.fromJson(model.tokenizerJson(), "minilm").encode("Hello world", true, 512);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(ids.length, json.get("tokens").asInt());
        assertEquals(6, json.get("layers").asInt(), "all-minilm-l6-v2 has 6 layers");
        assertEquals(384, json.get("hidden").asInt());
        assertEquals(6, json.get("features").size());
    }

    @Test
    void badInputsGiveOneLineErrors() {
        CliRun r = CliRun.of("features", "--model", tmp.resolve("missing").toString(), "--ids", "1");
        assertEquals(2, r.exit());
        assertEquals("siren features: --model: no such model folder: " + tmp.resolve("missing") + " (nor is it an"
                + " embedded encoder: all-minilm-l6-v2, bge-small-en-v1.5, e5-small-v2)\n", r.err());
        r = CliRun.of("features", "--model", tmp.toString(), "--ids", "1,a");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("comma-separated integers"), r.err());
    }

    @Test
    void aBrokenModelFolderIsAnErrorNotAFlag() throws Exception {
        Path broken = java.nio.file.Files.createDirectories(tmp.resolve("broken"));
        java.nio.file.Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"qwen3\"}");
        CliRun r = CliRun.of("features", "--model", broken.toString(), "--ids", "1,2");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("siren features: ") && r.err().contains("config.json"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}

package dev.siren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.config.RopeConfig;
import dev.siren.engine.generate.RandomModelGenerator;
import dev.siren.engine.kernels.Simd;
import dev.siren.engine.weights.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code siren bench} prints one JSON object with a result per case; bad options are one-line errors. */
class BenchCommandTest {

    @TempDir
    Path tmp;

    private Path tinyModel() {
        DecoderConfig c = new DecoderConfig("llama", 32, 2, 4, 2, 8, 48, 1000, 1e-5, 512, false, false, false, false,
                false, RopeConfig.plain(5e5), new int[2]);
        Path model = tmp.resolve("tiny");
        RandomModelGenerator.write(c, DType.F32, 5, model, (done, total) -> { });
        return model;
    }

    @Test
    void printsOneResultPerCase() throws Exception {
        Path model = tinyModel();
        CliRun r = CliRun.of("bench", "--model", model.toString(), "--cases", "1x16,3x8", "--repeats", "2",
                "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, json.get("layers").asInt());
        assertEquals(32, json.get("hidden").asInt());
        JsonNode results = json.get("results");
        assertEquals(2, results.size());
        assertEquals(3, results.get(1).get("batch").asInt());
        assertEquals(8, results.get(1).get("tokens").asInt());
        assertEquals(2, results.get(1).get("runs_s").size());
        assertTrue(results.get(0).get("tokens_per_s").asDouble() > 0, r.out());
        assertTrue(json.get("peak_rss_mb").asLong() > 0, r.out());
        assertTrue(json.get("load_s").asDouble() >= 0, r.out());
        assertEquals(Simd.vectorBits(), json.get("vector_bits").asInt(), r.out());
        assertEquals(Simd.FMA, json.get("fma_intrinsic").asBoolean(), r.out());
        assertEquals(1, results.get(0).get("warmup_runs").asInt(), r.out());
    }

    @Test
    void warmsUpForAsLongAsAskedBeforeTiming() throws Exception {
        Path model = tinyModel();
        long start = System.nanoTime();
        CliRun r = CliRun.of("bench", "--model", model.toString(), "--cases", "1x4", "--repeats", "1",
                "--threads", "1", "--warmup", "1", "--warmup-seconds", "0.5");
        assertEquals(0, r.exit(), r.err());
        assertTrue(System.nanoTime() - start >= 500_000_000L, "the warm-up lasted the half second asked for");
        JsonNode result = new ObjectMapper().readTree(r.out()).get("results").get(0);
        assertTrue(result.get("warmup_runs").asInt() > 1, r.out()); // a 1x4 run of a tiny model takes milliseconds
    }

    @Test
    void versionNamesTheKernelsVectorWidth() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("kernels: " + Simd.vectorBits() + "-bit vectors"), r.out());
    }

    @Test
    void benchesAnEmbeddedEncoderByName() throws Exception {
        CliRun r = CliRun.of("bench", "--model", "all-minilm-l6-v2", "--cases", "2x8", "--repeats", "1", "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("all-minilm-l6-v2", json.get("model").asText());
        assertEquals(6, json.get("layers").asInt());
        assertEquals(384, json.get("hidden").asInt());
        assertEquals(2, json.get("results").get(0).get("batch").asInt());
    }

    @Test
    void badOptionsAreClearErrors() {
        CliRun r = CliRun.of("bench", "--shape", "qwen3-0.6b", "--dtype", "int4", "--cache-dir", tmp.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("siren bench: --dtype must be bf16, f16 or f32"), r.err());
        r = CliRun.of("bench", "--shape", "gpt-9", "--cache-dir", tmp.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("siren bench: ") && r.err().contains("gpt-9"), r.err());
        r = CliRun.of("bench", "--model", tinyModel().toString(), "--cases", "8by128");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("siren bench: case '8by128' is not of the form BATCHxTOKENS"), r.err());
    }

    @Test
    void aBrokenModelFolderIsAnErrorNotAFlag() throws Exception {
        Path broken = java.nio.file.Files.createDirectories(tmp.resolve("broken"));
        java.nio.file.Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"qwen3\"}");
        CliRun r = CliRun.of("bench", "--model", broken.toString(), "--cases", "1x8", "--repeats", "1");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("siren bench: ") && r.err().contains("config.json"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}

package dev.siren.engine.bert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.siren.engine.BackboneOptions;
import dev.siren.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Throughput and latency of the BERT encoder against ONNX Runtime on the same token ids and against langchain4j's
 * embedding model on the same texts, in one run (not a test; see docs/BENCHMARKS.md for the command).
 * Arguments: {@code THREADS FILE.jsonl...} (texts = prompt, or prompt + "\n" + response, stripped; first 512 tokens).
 */
public final class BertBenchmark {

    private static final int BATCH = 32;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        EmbeddedBertModel model = EmbeddedBertModel.ALL_MINILM_L6_V2;
        Tokenizer tokenizer = Tokenizer.fromJson(model.tokenizerJson(), "all-minilm-l6-v2 tokenizer.json");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        AllMiniLmL6V2EmbeddingModel langchain4j = new AllMiniLmL6V2EmbeddingModel(); // its own session (default threads)
        try (BertEncoder encoder = model.open(BackboneOptions.defaults().withThreads(threads));
             OrtSession ort = env.createSession(onnxBytes(), options)) {
            System.out.printf("machine: %d processors; threads %d; %s%n", Runtime.getRuntime().availableProcessors(), threads,
                    jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
            latency(encoder, ort, env);
            for (int f = 1; f < args.length; f++) {
                List<String> texts = readTexts(Path.of(args[f]));
                List<int[]> ids = texts.stream().map(t -> tokenizer.encode(t, true, 512)).toList();
                long tokens = ids.stream().mapToLong(a -> a.length).sum();
                System.out.printf("%n%s: %d texts, %d tokens (%.1f per text, first 512)%n", args[f], texts.size(), tokens,
                        (double) tokens / texts.size());
                for (int round = 0; round < 2; round++) {
                    long t0 = System.nanoTime();
                    for (List<int[]> batch : sortedBatches(ids)) {
                        encoder.layerMeans(batch);
                    }
                    report("SIREN encoder, all layer means   ", texts.size(), tokens, t0);
                    t0 = System.nanoTime();
                    List<int[]> again = texts.stream().map(t -> tokenizer.encode(t, true, 512)).toList();
                    for (List<int[]> batch : sortedBatches(again)) {
                        encoder.layerMeans(batch);
                    }
                    report("SIREN tokenizer + encoder        ", texts.size(), tokens, t0);
                    t0 = System.nanoTime();
                    for (List<int[]> batch : sortedBatches(ids)) {
                        runOrt(env, ort, batch);
                    }
                    report("ONNX Runtime, same ids, padded 32", texts.size(), tokens, t0);
                    t0 = System.nanoTime();
                    langchain4j.embedAll(texts.stream().map(TextSegment::from).toList());
                    report("langchain4j embedAll (<=128 tok) ", texts.size(), tokens, t0);
                }
            }
        }
    }

    private static void latency(BertEncoder encoder, OrtSession ort, OrtEnvironment env) throws OrtException {
        Random random = new Random(1);
        int[] prompt = new int[64];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = 1000 + random.nextInt(29000);
        }
        long[] ours = new long[300];
        long[] theirs = new long[300];
        for (int i = 0; i < 100; i++) {
            encoder.layerMeans(List.of(prompt));
            runOrt(env, ort, List.of(prompt));
        }
        for (int i = 0; i < ours.length; i++) {
            long t = System.nanoTime();
            encoder.layerMeans(List.of(prompt));
            ours[i] = System.nanoTime() - t;
            t = System.nanoTime();
            runOrt(env, ort, List.of(prompt));
            theirs[i] = System.nanoTime() - t;
        }
        Arrays.sort(ours);
        Arrays.sort(theirs);
        System.out.printf("64-token prompt latency: SIREN p50 %.2f ms p90 %.2f ms; ONNX Runtime p50 %.2f ms p90 %.2f ms%n",
                ours[150] / 1e6, ours[270] / 1e6, theirs[150] / 1e6, theirs[270] / 1e6);
    }

    private static void report(String what, int texts, long tokens, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  %s %7.1f texts/s %8.0f tokens/s (%.1f s)%n", what, texts / seconds, tokens / seconds, seconds);
    }

    /** Batches of 32 consecutive texts after sorting by length, as a feature extractor would send them. */
    private static List<List<int[]>> sortedBatches(List<int[]> ids) {
        List<int[]> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparingInt(a -> a.length));
        List<List<int[]>> batches = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += BATCH) {
            batches.add(sorted.subList(i, Math.min(sorted.size(), i + BATCH)));
        }
        return batches;
    }

    /** One padded batch through ONNX Runtime (last_hidden_state only). */
    private static void runOrt(OrtEnvironment env, OrtSession session, List<int[]> batch) throws OrtException {
        int width = batch.stream().mapToInt(a -> a.length).max().orElse(0);
        long[] ids = new long[batch.size() * width];
        long[] mask = new long[ids.length];
        for (int s = 0; s < batch.size(); s++) {
            for (int t = 0; t < batch.get(s).length; t++) {
                ids[s * width + t] = batch.get(s)[t];
                mask[s * width + t] = 1;
            }
        }
        long[] shape = {batch.size(), width};
        try (OnnxTensor inputIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor attention = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", attention,
                     "token_type_ids", types))) {
            result.get(0);
        }
    }

    private static List<String> readTexts(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = json.readTree(line);
            String text = row.path("prompt").asText();
            if (row.hasNonNull("response")) {
                text = text + "\n" + row.get("response").asText();
            }
            text = text.strip();
            texts.add(text.isEmpty() ? " " : text);
        }
        return texts;
    }

    private static byte[] onnxBytes() throws IOException {
        try (InputStream in = BertBenchmark.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            return in.readAllBytes();
        }
    }
}

package dev.siren.guard;

import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.config.RopeConfig;
import dev.siren.engine.generate.RandomModelGenerator;
import dev.siren.engine.weights.DType;
import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.HeadWriter;
import dev.siren.guard.head.TestHeads;
import dev.siren.guard.progress.Progress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Streaming cost per chunk versus re-scoring the whole prefix, on a random 8-layer decoder (hidden 512). Not part
 * of the default suite; run with
 * {@code mvn -B -q -ntp -pl guard -am test -Dgroups=benchmark -DexcludedGroups= -Dtest=StreamingBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class StreamingBenchmark {

    @TempDir
    Path dir;

    @Test
    void streamingVersusRescoring() throws Exception {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        TinyModels.decoder(model, false, 1); // writes tokenizer.json (and a tiny model we overwrite below)
        int vocab = dev.siren.tokenizer.Tokenizer.load(model).vocabularySize();
        DecoderConfig config = new DecoderConfig("qwen3", 512, 8, 8, 4, 64, 1536, vocab, 1e-6, 8192,
                true, false, false, false, true, RopeConfig.plain(1_000_000), new int[8]);
        RandomModelGenerator.write(config, DType.BF16, 5, model, (done, total) -> { });
        HeadWriter.write(TestHeads.random(new BackboneRef(model.toString(), null, "qwen3", 8, 512), 100,
                new int[]{256, 64}, 9), dir.resolve("head"));
        Random random = new Random(1);
        String[] words = {"the", "model", "answer", "question", "harmful", "safe", "because", "and", "however",
                "process", "chemical", "story", "write", "people", "should", "never", "always", "data", "result"};
        StringBuilder text = new StringBuilder();
        while (text.length() < 2500) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
        }
        GuardOptions options = GuardOptions.defaults().withProgress(Progress.NONE);
        try (SirenGuard guard = SirenGuard.fromPretrained(dir.resolve("head").toString(), options)) {
            List<Long> appendNanos = new ArrayList<>();
            List<Long> rescoreNanos = new ArrayList<>();
            int chunk = 16;
            int tokens;
            for (int warm = 0; warm < 2; warm++) { // first pass warms the JIT
                appendNanos.clear();
                rescoreNanos.clear();
                try (StreamSession stream = guard.newStream()) {
                    for (int i = 0, n = 0; i < text.length(); i += chunk, n++) {
                        long t0 = System.nanoTime();
                        stream.append(text.substring(i, Math.min(text.length(), i + chunk)));
                        appendNanos.add(System.nanoTime() - t0);
                        if (n % 20 == 19 && i > 3 * text.length() / 4) {
                            String prefix = text.substring(0, Math.min(text.length(), i + chunk));
                            long t1 = System.nanoTime();
                            try (StreamSession fresh = guard.newStream()) {
                                fresh.append(prefix); // the whole prefix, as without incremental state
                            }
                            rescoreNanos.add(System.nanoTime() - t1);
                        }
                    }
                    tokens = stream.tokenCount();
                }
                if (warm == 1) {
                    long[] sorted = appendNanos.stream().mapToLong(Long::longValue).sorted().toArray();
                    System.out.printf("{\"tokens\": %d, \"chunks\": %d, \"chunk_chars\": %d, \"append_ms_mean\": %.2f,"
                                    + " \"append_ms_p50\": %.2f, \"append_ms_p99\": %.2f,"
                                    + " \"rescore_prefix_ms_mean_last_quarter\": %.1f, \"threads\": %d}%n",
                            tokens, sorted.length, chunk, Arrays.stream(sorted).average().orElse(0) / 1e6,
                            sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                            rescoreNanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6,
                            Runtime.getRuntime().availableProcessors());
                }
            }
        }
    }
}

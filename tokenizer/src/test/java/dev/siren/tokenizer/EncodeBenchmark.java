package dev.siren.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Single-thread encode throughput of siren-tokenizer and of Hugging Face's Rust tokenizers through DJL's binding, on
 * the same text. Not part of the test suite; run it with {@code tokenizer/run-benchmark}, which prints MB/s (UTF-8
 * bytes of input per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class EncodeBenchmark {

    @Param({"qwen3", "llama3_1", "all-minilm-l6-v2"})
    public String tokenizer;

    /** "prompt": about 2,000 characters (a SIREN input is at most 512 tokens); "document": about 100,000. */
    @Param({"prompt", "document"})
    public String size;

    private Tokenizer siren;
    private HuggingFaceTokenizer djl;
    private String text;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        text = text(size.equals("prompt") ? 2_000 : 100_000);
        Map<String, String> options = Map.of("truncation", "false", "padding", "false");
        if (tokenizer.equals("all-minilm-l6-v2")) {
            siren = TestTokenizers.wordPiece("all-minilm-l6-v2-tokenizer.json");
            djl = HuggingFaceTokenizer.newInstance(TestTokenizers.resource("/all-minilm-l6-v2-tokenizer.json"),
                    options);
        } else {
            siren = tokenizer.equals("qwen3") ? TestTokenizers.qwen3() : TestTokenizers.llama31();
            try (InputStream in = Files.newInputStream(
                    Path.of("target", "test-tokenizers", tokenizer, "tokenizer.json"))) {
                djl = HuggingFaceTokenizer.newInstance(in, options);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        djl.close();
    }

    @Benchmark
    public int[] siren() {
        return siren.encode(text, true);
    }

    /** DJL's public API: what a Java caller of DJL gets (its Encoding also copies tokens, offsets and masks). */
    @Benchmark
    public long[] djl() {
        return djl.encode(text, true, false).getIds();
    }

    /** The Rust tokenizer with the least JNI around it: encode, fetch the ids, free the encoding. */
    @Benchmark
    public long[] djlIdsOnly() {
        long encoding = TokenizersLibrary.LIB.encode(djl.getHandle(), text, true);
        try {
            return TokenizersLibrary.LIB.getTokenIds(encoding);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
    }

    /** Generated mixed text (prose in several scripts, code, JSON, numbers, emoji, chat markup), deterministic. */
    static String text(int chars) {
        TextGenerator generator = new TextGenerator(2026);
        StringBuilder out = new StringBuilder();
        while (out.length() < chars) {
            out.append(generator.realistic()).append(' ');
        }
        return out.substring(0, chars);
    }

    public static void main(String[] args) throws RunnerException {
        OptionsBuilder options = new OptionsBuilder();
        options.include(EncodeBenchmark.class.getSimpleName());
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.param(arg.substring(0, eq), arg.substring(eq + 1).split(","));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.printf("%n%-18s %-9s %-11s %12s %10s%n", "tokenizer", "text", "impl", "encodes/s", "MB/s");
        for (RunResult r : results) {
            String tok = r.getParams().getParam("tokenizer");
            String sz = r.getParams().getParam("size");
            double perSecond = r.getPrimaryResult().getScore();
            double bytes = text(sz.equals("prompt") ? 2_000 : 100_000).getBytes(StandardCharsets.UTF_8).length;
            String impl = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            System.out.printf("%-18s %-9s %-11s %12.1f %10.2f%n", tok, sz, impl, perSecond, perSecond * bytes / 1e6);
        }
    }
}

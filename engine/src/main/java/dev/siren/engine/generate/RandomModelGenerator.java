package dev.siren.engine.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.config.DecoderConfigWriter;
import dev.siren.engine.io.AtomicFile;
import dev.siren.engine.weights.DType;
import dev.siren.engine.weights.SafetensorsWriter;
import dev.siren.engine.weights.SafetensorsWriter.Entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Hugging Face folder (config.json + model.safetensors) with random weights for any decoder config:
 * benchmark models of real shapes, and small test models. Matrices are uniform with the variance of
 * {@code 1/in_features}, norm weights near 1, biases small, so activations stay in a realistic range.
 */
public final class RandomModelGenerator {

    /** Reports bytes written so far out of the total. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    private RandomModelGenerator() {
    }

    public static void write(DecoderConfig c, DType dtype, long seed, Path dir, Progress progress) {
        List<Entry> entries = new ArrayList<>();
        int d = c.hiddenSize();
        int inter = c.intermediateSize();
        long[] total = {0};
        long[] done = {0};
        var add = new Object() {
            void matrix(String name, int rows, int cols) {
                long s = seed + entries.size();
                entries.add(new Entry(name, dtype, new long[] {rows, cols},
                        seg -> fill(seg, dtype, s, 0, Math.sqrt(3.0 / cols), done, total[0], progress)));
            }

            void vector(String name, int n, double center, double spread) {
                long s = seed + entries.size();
                entries.add(new Entry(name, dtype, new long[] {n},
                        seg -> fill(seg, dtype, s, center, spread, done, total[0], progress)));
            }
        };
        add.matrix("model.embed_tokens.weight", c.vocabSize(), d);
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            add.vector(p + "input_layernorm.weight", d, 1, 0.1);
            add.matrix(p + "self_attn.q_proj.weight", c.queryDim(), d);
            add.matrix(p + "self_attn.k_proj.weight", c.kvDim(), d);
            add.matrix(p + "self_attn.v_proj.weight", c.kvDim(), d);
            add.matrix(p + "self_attn.o_proj.weight", d, c.queryDim());
            if (c.qkvBias()) {
                add.vector(p + "self_attn.q_proj.bias", c.queryDim(), 0, 0.05);
                add.vector(p + "self_attn.k_proj.bias", c.kvDim(), 0, 0.05);
                add.vector(p + "self_attn.v_proj.bias", c.kvDim(), 0, 0.05);
            }
            if (c.outputBias()) {
                add.vector(p + "self_attn.o_proj.bias", d, 0, 0.05);
            }
            if (c.qkNorm()) {
                add.vector(p + "self_attn.q_norm.weight", c.headDim(), 1, 0.1);
                add.vector(p + "self_attn.k_norm.weight", c.headDim(), 1, 0.1);
            }
            add.vector(p + "post_attention_layernorm.weight", d, 1, 0.1);
            add.matrix(p + "mlp.gate_proj.weight", inter, d);
            add.matrix(p + "mlp.up_proj.weight", inter, d);
            add.matrix(p + "mlp.down_proj.weight", d, inter);
            if (c.mlpBias()) {
                add.vector(p + "mlp.gate_proj.bias", inter, 0, 0.05);
                add.vector(p + "mlp.up_proj.bias", inter, 0, 0.05);
                add.vector(p + "mlp.down_proj.bias", d, 0, 0.05);
            }
        }
        add.vector("model.norm.weight", d, 1, 0.1);
        if (!c.tieWordEmbeddings()) {
            add.matrix("lm_head.weight", c.vocabSize(), d);
        }
        for (Entry e : entries) {
            total[0] += java.util.Arrays.stream(e.shape()).reduce(1, (a, b) -> a * b) * dtype.bytes();
        }
        try {
            Files.createDirectories(dir);
            AtomicFile.write(dir.resolve("config.json"), temp -> new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValue(temp.toFile(), DecoderConfigWriter.toJson(c, dtypeName(dtype))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("config.json"), e);
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), entries);
    }

    private static String dtypeName(DType dtype) {
        return switch (dtype) {
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            default -> "float32";
        };
    }

    /** Uniform values in {@code center ± spread} from a xorshift stream (fast enough for GBs of weights). */
    private static void fill(MemorySegment seg, DType dtype, long seed, double center, double spread,
                             long[] done, long total, Progress progress) {
        long n = seg.byteSize() / dtype.bytes();
        long state = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (long i = 0; i < n; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            double u = (state >>> 11) * 0x1.0p-53 * 2 - 1;
            SafetensorsWriter.putFloat(seg, dtype, i, (float) (center + spread * u));
            if ((i & 0xFFFFF) == 0xFFFFF) {
                progress.update(done[0] + (i + 1) * dtype.bytes(), total);
            }
        }
        done[0] += seg.byteSize();
        progress.update(done[0], total);
    }
}

package dev.siren.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.config.RopeConfig;
import dev.siren.engine.generate.RandomModelGenerator;
import dev.siren.engine.weights.DType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real model folders for end-to-end tests: a random-weight decoder from the engine's generator plus a small
 * byte-level BPE tokenizer.json in Qwen3's layout (Qwen3's pre-tokenizer regex, 256 byte symbols, merges that
 * build a few common English pieces), read by the real tokenizer. Optionally Llama-3-style, with a
 * begin_of_text token added in front of every text.
 */
public final class TinyModels {

    public static final int LAYERS = 3;
    public static final int HIDDEN = 32;
    private static final String QWEN3_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
            + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final List<String> WORDS = List.of("Ġthe", "Ġand", "ing", "Ġyou", "Ġharm", "ful", "Ġwor", "ld",
            "Ġhow", "Ġto", "er", "re", "on", "Ġis", "Ġit", "Ġin", "Ġof", "ation", "ĠĠ", "ĠĠĠĠ", "ĊĊ", "Ġhe", "llo");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyModels() {
    }

    /** Writes config.json, model.safetensors and tokenizer.json into {@code dir}. */
    public static Path decoder(Path dir, boolean beginOfText, long seed) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        int vocab = writeTokenizer(dir, beginOfText);
        DecoderConfig config = new DecoderConfig("qwen3", HIDDEN, LAYERS, 4, 2, 8, 64, vocab, 1e-6, 2048,
                true, false, false, false, true, RopeConfig.plain(1_000_000), new int[LAYERS]);
        RandomModelGenerator.write(config, DType.F32, seed, dir, (done, total) -> { });
        return dir;
    }

    /** Returns the vocabulary size including added tokens. */
    private static int writeTokenizer(Path dir, boolean beginOfText) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(byteSymbol(b)), vocab.size());
        }
        Set<List<String>> merges = new LinkedHashSet<>();
        for (String word : WORDS) {
            String left = word.substring(0, 1);
            for (int i = 1; i < word.length(); i++) {
                String right = word.substring(i, i + 1);
                merges.add(List.of(left, right));
                left = left + right;
                vocab.putIfAbsent(left, vocab.size());
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        ArrayNode added = root.putArray("added_tokens");
        int endOfText = vocab.size();
        addSpecial(added, endOfText, "<|endoftext|>");
        int beginId = endOfText + 1;
        if (beginOfText) {
            addSpecial(added, beginId, "<|begin_of_text|>");
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode split = steps.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", QWEN3_REGEX);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        steps.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", false)
                .put("use_regex", false);
        if (beginOfText) {
            ObjectNode post = root.putObject("post_processor");
            post.put("type", "TemplateProcessing");
            ArrayNode single = post.putArray("single");
            single.addObject().putObject("SpecialToken").put("id", "<|begin_of_text|>").put("type_id", 0);
            single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            post.putArray("pair");
            ObjectNode special = post.putObject("special_tokens").putObject("<|begin_of_text|>");
            special.put("id", "<|begin_of_text|>");
            special.putArray("ids").add(beginId);
            special.putArray("tokens").add("<|begin_of_text|>");
        } else {
            root.putObject("post_processor").put("type", "ByteLevel").put("add_prefix_space", false)
                    .put("trim_offsets", false).put("use_regex", false);
        }
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", false)
                .put("use_regex", false);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocabNode = model.putObject("vocab");
        vocab.forEach(vocabNode::put);
        ArrayNode mergeNode = model.putArray("merges");
        for (List<String> merge : merges) {
            mergeNode.addArray().add(merge.get(0)).add(merge.get(1));
        }
        JSON.writeValue(dir.resolve("tokenizer.json").toFile(), root);
        return beginOfText ? beginId + 1 : endOfText + 1;
    }

    private static void addSpecial(ArrayNode added, int id, String content) {
        added.addObject().put("id", id).put("content", content).put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true);
    }

    /** GPT-2's byte-to-unicode table: printable bytes map to themselves, the others to 256 + n. */
    private static char byteSymbol(int b) {
        List<Integer> printable = new ArrayList<>();
        for (int i = '!'; i <= '~'; i++) {
            printable.add(i);
        }
        for (int i = 0xA1; i <= 0xAC; i++) {
            printable.add(i);
        }
        for (int i = 0xAE; i <= 0xFF; i++) {
            printable.add(i);
        }
        if (printable.contains(b)) {
            return (char) b;
        }
        int n = 0;
        for (int i = 0; i < b; i++) {
            if (!printable.contains(i)) {
                n++;
            }
        }
        return (char) (256 + n);
    }
}

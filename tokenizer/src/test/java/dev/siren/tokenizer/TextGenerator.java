package dev.siren.tokenizer;

import java.util.List;
import java.util.Random;

/**
 * Seeded generator of test strings for differential testing: realistic snippets (prose in several scripts, code,
 * JSON, numbers, contractions, chat markup and partial special tokens, emoji sequences) glued with whitespace runs,
 * and random code point soup from many Unicode blocks (assigned code points only).
 */
final class TextGenerator {
    private static final List<String> SNIPPETS = List.of(
            "Hello, world!", "The quick brown fox jumps over the lazy dog.", "I'm", "you're", "WE'LL", "they'Ve",
            "It's", "don't", "she'd", "O'Neil's", "'s", "'", "''", "\"quoted\"", "naïve café", "Straße", "ÅNGSTRÖM",
            "résumé", "cafe\u0301", "e\u0301\u0300\u0327", "ﬁnance", "İstanbul", "ΣΊΣΥΦΟΣ", "Ελληνικά", "Привет, мир",
            "مرحبا بالعالم", "שלום", "नमस्ते दुनिया", "สวัสดีครับ", "你好，世界！", "日本語のテキストです。", "カタカナ",
            "안녕하세요 세계", "각", "𠜎𠜱𠝹", "Tiếng Việt", "ǅemal", "ſtate 'ſ", "½ ¾ ² ³ ①②③", "Ⅻ", "٣٤٥", "१२३",
            "3.14159", "1,000,000", "12345678901234567890", "0x1F600", "-42", "v2.0.1", "2026-11-27T18:00:00Z",
            "def f(x):\n    return x ** 2\n", "for (int i = 0; i < n; i++) {\n\tsum += a[i];\n}",
            "if (a != b && c <= d) { return; }", "#include <stdio.h>", "SELECT * FROM t WHERE id = 1;",
            "{\"key\": [1, 2.5, null, true], \"nested\": {\"a\": \"b\"}}", "<div class=\"x\">hi</div>",
            "https://example.com/path?q=1&r=2#frag", "user.name+tag@example.org", "C:\\Users\\me\\file.txt",
            "$$x^2 + y^2 = z^2$$", "∀x∈ℝ: x² ≥ 0", "→ ← ↑ ↓ ⇒", "…", "—", "«»", "„“", "¿Qué?", "¡Hola!",
            "😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷🇯🇵", "❤️", "✨🎉", "🤖🧠", "☃", "©®™",
            "<|im_start|>user\nhi<|im_end|>", "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<think>", "</think>",
            "<|begin_of_text|>", "<|eot_id|>", "<|start_header_id|>system<|end_header_id|>", "<|im_", "|>", "<|",
            "[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]", "[cls]", "<s>", "</s>", "<unk>", "<tool_call>",
            "\u00A0", "\u200B", "\u2028", "\u3000", "\u0085", "\u000B", "\u000C", "\u0007", "\u0000", "\uFEFF",
            "\uFFFD", "\u00AD", "\u061C", "\u180E", "\uE000", "Hello\u00A0world", "a\u200Db");

    private static final String[] WHITESPACE = {"", " ", "  ", "   ", "\n", "\n\n", "\r\n", "\r", " \r ", "\t",
            " \n ", "\t\t", "        ", "\n    ", " \r\n\r\n ", "\u00A0", "\u3000", "\u2003", "\u000C"};

    private static final int[][] BLOCKS = {
            {0x20, 0x7E}, {0x20, 0x7E}, {0x20, 0x7E}, {0x00, 0x1F}, {0x80, 0xFF}, {0x100, 0x24F}, {0x250, 0x2FF},
            {0x300, 0x36F}, {0x370, 0x3FF}, {0x400, 0x4FF}, {0x590, 0x5FF}, {0x600, 0x6FF}, {0x900, 0x97F},
            {0xE00, 0xE7F}, {0x1100, 0x11FF}, {0x1E00, 0x1EFF}, {0x2000, 0x206F}, {0x20A0, 0x20CF}, {0x2100, 0x214F},
            {0x2190, 0x22FF}, {0x2460, 0x24FF}, {0x2500, 0x257F}, {0x3000, 0x303F}, {0x3040, 0x30FF}, {0x4E00, 0x9FFF},
            {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFB00, 0xFB4F}, {0xFE00, 0xFE0F}, {0xFF00, 0xFFEF},
            {0x1F300, 0x1F5FF}, {0x1F600, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x1D400, 0x1D7FF}, {0x20000, 0x2A6DF},
            {0xE000, 0xE0FF}};

    private final Random random;

    TextGenerator(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Alternates realistic texts and random soups; about a tenth are long (hundreds of characters), one in a hundred
     * very long (thousands, many lines).
     */
    String next(int i) {
        if (i % 100 == 99) {
            return realistic(500);
        }
        return i % 3 == 2 ? randomSoup(1 + random.nextInt(random.nextInt(10) == 0 ? 400 : 40))
                : realistic(random.nextInt(10) == 0 ? 60 : 8);
    }

    String realistic() {
        return realistic(8);
    }

    private String realistic(int maxParts) {
        StringBuilder out = new StringBuilder();
        int parts = 1 + random.nextInt(maxParts);
        for (int p = 0; p < parts; p++) {
            if (p > 0 || random.nextInt(6) == 0) {
                out.append(random.nextInt(4) == 0 ? WHITESPACE[random.nextInt(WHITESPACE.length)] : " ");
            }
            out.append(SNIPPETS.get(random.nextInt(SNIPPETS.size())));
        }
        if (random.nextInt(5) == 0) {
            out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
        }
        return out.toString();
    }

    String randomSoup(int length) {
        StringBuilder out = new StringBuilder();
        int[] block = BLOCKS[random.nextInt(BLOCKS.length)];
        while (out.codePointCount(0, out.length()) < length) {
            if (random.nextInt(8) == 0) {
                block = BLOCKS[random.nextInt(BLOCKS.length)];
            }
            int cp = block[0] + random.nextInt(block[1] - block[0] + 1);
            if (random.nextInt(6) == 0) {
                out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
            } else if (Character.getType(cp) != Character.UNASSIGNED && !Character.isSurrogate((char) cp)) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }
}

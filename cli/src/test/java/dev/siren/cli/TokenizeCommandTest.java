package dev.siren.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.siren.engine.bert.EmbeddedBertModel;
import dev.siren.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizeCommandTest {
    /** A small BERT-style tokenizer: lower-casing, punctuation split, [CLS] ... [SEP], file asks for padding to 8. */
    private static final String TOKENIZER = """
            {"truncation": null,
             "padding": {"strategy": {"Fixed": 8}, "direction": "Right", "pad_id": 0, "pad_type_id": 0,
                         "pad_token": "[PAD]"},
             "added_tokens": [{"id": 0, "content": "[PAD]", "special": true},
                              {"id": 1, "content": "[UNK]", "special": true},
                              {"id": 2, "content": "[CLS]", "special": true},
                              {"id": 3, "content": "[SEP]", "special": true}],
             "normalizer": {"type": "BertNormalizer", "lowercase": true},
             "pre_tokenizer": {"type": "BertPreTokenizer"},
             "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
             "model": {"type": "WordPiece", "unk_token": "[UNK]",
                       "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "hello": 4, "world": 5, "!": 6,
                                 "wor": 7, "##ld": 8}}}
            """;

    @Test
    void printsOneJsonArrayPerText(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER);
        CliRun r = CliRun.of("tokenize", "--tokenizer", dir.toString(), "Hello world!", "HELLO\n\tnope", "");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[2,4,5,6,3]\n[2,4,1,3]\n[2,3]\n", r.out(), "no padding to the file's 8");
        r = CliRun.of("tokenize", "--tokenizer", dir.resolve("tokenizer.json").toString(), "--no-special", "hello world");
        assertEquals("[4,5]\n", r.out());
        r = CliRun.of("tokenize", "--tokenizer", dir.toString(), "--max-length", "3", "hello world !");
        assertEquals("[2,4,3]\n", r.out());
    }

    @Test
    void anEmbeddedEncoderIsNamedAsTrainAndBenchNameIt() {
        EmbeddedBertModel model = EmbeddedBertModel.BGE_SMALL_EN_V15;
        int[] ids = Tokenizer.fromJson(model.tokenizerJson(), "bge").encode("Hello world", true);
        CliRun r = CliRun.of("tokenize", "--tokenizer", "bge-small-en-v1.5", "Hello world");
        assertEquals(0, r.exit(), r.err());
        assertEquals(Arrays.toString(ids).replace(" ", "") + "\n", r.out());
        assertEquals(101, ids[0], "[CLS] of the BERT uncased vocabulary");
    }

    @Test
    void userMistakesGiveClearMessages(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("tokenize", "--tokenizer", dir.toString(), "x");
        assertEquals(2, r.exit());
        assertEquals("siren tokenize: no tokenizer.json in folder " + dir + "\n", r.err());
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER);
        r = CliRun.of("tokenize", "--tokenizer", dir.toString(), "--max-length", "1", "x");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("siren tokenize: --max-length 1: maxLength 1 cannot hold the 2 special tokens"), r.err());
        r = CliRun.of("tokenize", "--tokenizer", dir.resolve("nope").toString(), "x");
        assertEquals(2, r.exit());
        assertEquals("siren tokenize: no such file or folder: " + dir.resolve("nope") + " (nor is it an embedded"
                + " encoder: all-minilm-l6-v2, bge-small-en-v1.5, e5-small-v2)\n", r.err());
        r = CliRun.of("tokenize", "--tokenizer", dir.toString());
        assertTrue(r.err().contains("Missing required parameter: 'TEXT'"), r.err());
    }
}

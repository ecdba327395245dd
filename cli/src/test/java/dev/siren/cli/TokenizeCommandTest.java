package dev.siren.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void userMistakesGiveClearMessages(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("tokenize", "--tokenizer", dir.toString(), "x");
        assertEquals(2, r.exit());
        assertEquals("siren tokenize: no tokenizer.json in folder " + dir + "\n", r.err());
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER);
        r = CliRun.of("tokenize", "--tokenizer", dir.toString(), "--max-length", "1", "x");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("siren tokenize: --max-length 1: maxLength 1 cannot hold the 2 special tokens"), r.err());
        r = CliRun.of("tokenize", "--tokenizer", dir.toString());
        assertTrue(r.err().contains("Missing required parameter: 'TEXT'"), r.err());
    }
}

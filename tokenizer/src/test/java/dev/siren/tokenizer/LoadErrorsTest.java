package dev.siren.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad or unsupported tokenizer files fail with a message naming the file, the field and the problem. */
class LoadErrorsTest {
    private static final String WORDPIECE = "{\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", "
            + "\"vocab\": {\"[UNK]\": 0, \"a\": 1, \"##b\": 2}}";

    private static String error(String json) {
        return assertThrows(TokenizerException.class, () -> Tokenizer.fromJson(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "my/tokenizer.json")).getMessage();
    }

    @Test
    void unsupportedComponentsAreNamed() {
        assertEquals("my/tokenizer.json: field 'normalizer' is a normalizer of type 'Precompiled', which siren-tokenizer does "
                + "not support (supported: NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, BertNormalizer, Sequence)",
                error("{\"normalizer\": {\"type\": \"Precompiled\"}, \"model\": " + WORDPIECE + "}"));
        assertTrue(error("{\"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Metaspace\"}]},"
                + " \"model\": " + WORDPIECE + "}").startsWith(
                "my/tokenizer.json: field 'pre_tokenizer.pretokenizers[0]' is a pre-tokenizer of type 'Metaspace'"));
        assertTrue(error("{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}").startsWith(
                "my/tokenizer.json: field 'model' is a model of type 'Unigram', which siren-tokenizer does not support"));
        assertTrue(error("{\"decoder\": {\"type\": \"Metaspace\"}, \"model\": " + WORDPIECE + "}")
                .contains("field 'decoder' is a decoder of type 'Metaspace'"));
        assertTrue(error("{\"post_processor\": {\"type\": \"Custom\"}, \"model\": " + WORDPIECE + "}")
                .contains("field 'post_processor' is a post-processor of type 'Custom'"));
    }

    @Test
    void malformedFilesAreExplained() {
        assertTrue(error("{\"model\": ").startsWith("my/tokenizer.json: not valid JSON"));
        assertEquals("my/tokenizer.json: field 'model' is missing", error("{}"));
        assertEquals("my/tokenizer.json: field 'model.unk_token' '[X]' is not in the vocabulary",
                error("{\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[X]\", \"vocab\": {\"a\": 0}}}"));
        assertEquals("my/tokenizer.json: field 'model.merges[0]' merges \"a\" + \"b\", but 'ab' is not in the vocabulary",
                error("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1}, \"merges\": [\"a b\"]}}"));
    }

    @Test
    void aKeyGivenTwiceOrAnOversizedFileIsRefused(@TempDir Path dir) throws Exception {
        assertEquals("my/tokenizer.json: the key 'a' appears twice at line 1, column 88 (a key may appear once per "
                + "object)", error("{\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", "
                + "\"vocab\": {\"[UNK]\": 0, \"a\": 1, \"a\": 2}}}"));
        assertEquals("my/tokenizer.json: objects or arrays nested deeper than 64 levels (the limit for a tokenizer.json "
                + "file)", error("{\"normalizer\": " + "[".repeat(1001)));
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": " + WORDPIECE + "}");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"" + "x".repeat(2 << 20) + "\"}");
        assertEquals(dir.toAbsolutePath().resolve("tokenizer_config.json") + ": a string longer than 1048576 characters"
                + " (the limit for a configuration file)",
                assertThrows(TokenizerException.class, () -> Tokenizer.load(dir)).getMessage());
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws Exception {
        assertEquals("no tokenizer.json in folder " + dir,
                assertThrows(TokenizerException.class, () -> Tokenizer.load(dir)).getMessage());
        Path file = dir.resolve("nope.json");
        assertEquals("tokenizer file not found: " + file,
                assertThrows(TokenizerException.class, () -> Tokenizer.load(file)).getMessage());
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": " + WORDPIECE + "}");
        assertEquals(2, Tokenizer.load(dir).encode("ab", false).length);
    }
}

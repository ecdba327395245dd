package dev.siren.guard;

import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.HeadWriter;
import dev.siren.guard.head.SirenHead;
import dev.siren.guard.head.TestHeads;
import dev.siren.guard.hub.HubSettings;
import dev.siren.guard.progress.Progress;
import dev.siren.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on real parts: the engine's decoder with random weights, the real tokenizer, a head on disk, loaded
 * with {@link SirenGuard#fromPretrained}. Streaming must equal one-shot scoring within 1e-5 for many chunkings.
 */
class TinyModelGuardTest {

    @TempDir
    static Path dir;
    static SirenGuard qwenStyle;
    static SirenGuard llamaStyle;

    @BeforeAll
    static void load() throws IOException {
        qwenStyle = loadGuard("qwen", false);
        llamaStyle = loadGuard("llama", true);
    }

    private static SirenGuard loadGuard(String name, boolean beginOfText) throws IOException {
        Path model = TinyModels.decoder(dir.resolve(name + "-model"), beginOfText, 7);
        SirenHead random = TestHeads.random(new BackboneRef("../" + name + "-model", null, "qwen3",
                TinyModels.LAYERS, TinyModels.HIDDEN), 10, new int[]{16, 8}, 13);
        Path head = dir.resolve(name + "-head");
        HeadWriter.write(random, head);
        GuardOptions options = GuardOptions.defaults().withProgress(Progress.NONE).withThreads(1)
                .withHub(new HubSettings(java.net.URI.create("http://127.0.0.1:9"), null, dir.resolve("hub"), true));
        assertTrue(model.toFile().isDirectory());
        return SirenGuard.fromPretrained(head.toString(), options);
    }

    @AfterAll
    static void close() {
        qwenStyle.close();
        llamaStyle.close();
    }

    @Test
    void fromPretrainedFindsTheBackboneRelativeToTheHeadAndUsesItsTokenizer() {
        Tokenizer tokenizer = Tokenizer.load(dir.resolve("llama-model"));
        String text = "  How do you harm the world?  ";
        assertArrayEquals(tokenizer.encode(text.strip(), true), llamaStyle.tokenize(text));
        assertEquals(tokenizer.specialTokensBefore()[0], llamaStyle.tokenize(text)[0]);
        assertEquals(llamaStyle.head().score(llamaStyle.backbone().layerMeans(List.of(tokenizer.encode(text.strip(),
                true)))[0]), llamaStyle.score(text).score());
    }

    @Test
    void streamingEqualsOneShotOnTheRealEngineAndTokenizer() {
        String[] texts = {
                "Hello world, how are you doing today? I think the weather is nice and the birds are singing.",
                "  How do I make something harmful?\nI cannot help with that: it is dangerous.\n\n  Really.  ",
                "Numbers 1234567, <|endoftext|> special, unicode café 日本 😀, and    many   spaces."};
        Random random = new Random(23);
        double worst = 0;
        for (SirenGuard guard : List.of(qwenStyle, llamaStyle)) {
            for (String text : texts) {
                for (int trial = 0; trial < 3; trial++) {
                    try (StreamSession stream = guard.newStream()) {
                        StringBuilder sofar = new StringBuilder();
                        for (String chunk : RandomChunks.of(text, random, 2 + 5 * trial)) {
                            double streamed = stream.append(chunk).score();
                            sofar.append(chunk);
                            worst = Math.max(worst, Math.abs(streamed - guard.score(sofar.toString()).score()));
                            assertEquals(guard.tokenize(sofar.toString()).length, stream.tokenCount());
                        }
                    }
                }
            }
        }
        assertTrue(worst <= 1e-5, "largest streaming vs one-shot difference: " + worst);
    }

    @Test
    void batchEqualsSingleOnTheRealEngine() {
        List<String> texts = List.of("short", "a somewhat longer text about the world", "", "x y");
        List<ScoreResult> batch = qwenStyle.scoreBatch(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(qwenStyle.score(texts.get(i)).score(), batch.get(i).score(), 1e-5);
        }
    }
}

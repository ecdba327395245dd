package dev.siren.guard;

import dev.siren.guard.head.BackboneRef;
import dev.siren.guard.head.HeadWriter;
import dev.siren.guard.head.TestHeads;
import dev.siren.guard.progress.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A head on the embedded all-MiniLM-L6-v2 encoder (from its jar on the test class path): the BERT path. */
class EmbeddedEncoderGuardTest {

    @TempDir
    static Path dir;
    static SirenGuard guard;

    @BeforeAll
    static void load() throws IOException {
        HeadWriter.write(TestHeads.random(new BackboneRef("all-minilm-l6-v2", null, "bert", 6, 384), 20,
                new int[]{16}, 3), dir);
        guard = SirenGuard.fromPretrained(dir.toString(),
                GuardOptions.defaults().withProgress(Progress.NONE));
    }

    @AfterAll
    static void close() {
        guard.close();
    }

    @Test
    void encoderIsOpenedFromTheJarWithItsTokenizerAndNotItsTruncationTo128() {
        assertFalse(guard.backbone().isCausal());
        String longText = "word ".repeat(300);
        int[] ids = guard.tokenize(longText);
        assertEquals(302, ids.length, "[CLS] + 300 words + [SEP], not the jar's 128-token truncation");
        assertEquals(101, ids[0]);
        assertEquals(102, ids[ids.length - 1]);
        assertEquals(512, guard.tokenize("word ".repeat(600)).length);
        assertEquals(guard.head().score(guard.backbone().layerMeans(List.of(guard.tokenize("Hello there")))[0]),
                guard.score("  Hello there ").score());
    }

    @Test
    void bidirectionalStreamRecomputesAndEqualsOneShot() {
        String text = "Tell me how to make something dangerous. I will not help with that.";
        try (StreamSession stream = guard.newStream()) {
            StringBuilder sofar = new StringBuilder();
            for (String chunk : RandomChunks.of(text, new Random(8), 24)) {
                double streamed = stream.append(chunk).score();
                sofar.append(chunk);
                assertEquals(guard.score(sofar.toString()).score(), streamed, 1e-5);
            }
            assertTrue(stream.tokenCount() > 10);
        }
    }
}

package dev.siren.engine.bert;

import dev.siren.engine.BackboneOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BertForward splits the Linear layers differently for up to 128 tokens (W's columns over the threads, LayerNorm
 * after the join) and for longer inputs (row blocks): a text must get the same bits either way, alone or in a batch.
 */
class BertForwardPathsTest {

    @Test
    void aPromptGetsTheSameFeaturesAloneAndInALongBatch() {
        assertTrue(EmbeddedBertModel.ALL_MINILM_L6_V2.isAvailable(), "the MiniLM jar is a test dependency");
        Random random = new Random(5);
        int[] prompt = ids(random, 64);
        int[] other = ids(random, 100);
        for (int threads : new int[] {1, 2}) {
            try (BertEncoder encoder = EmbeddedBertModel.ALL_MINILM_L6_V2.open(
                    BackboneOptions.defaults().withThreads(threads))) {
                float[][] alone = encoder.layerMeans(List.of(prompt))[0]; // 64 tokens: columns split
                float[][] inBatch = encoder.layerMeans(List.of(prompt, other))[0]; // 164 tokens: row blocks
                // 644 tokens: 81 tiles of 8 rows in 6 blocks of 13 or 14 tiles; the prompt's rows (280-343) straddle
                // the boundary at row 320
                float[][] late = encoder.layerMeans(List.of(other, ids(random, 180), prompt, ids(random, 300)))[2];
                for (int l = 0; l < alone.length; l++) {
                    assertArrayEquals(inBatch[l], alone[l], threads + " thread(s), layer " + l);
                    assertArrayEquals(late[l], alone[l], threads + " thread(s), uneven blocks, layer " + l);
                }
            }
        }
    }

    private static int[] ids(Random random, int length) {
        int[] ids = new int[length];
        ids[0] = 101;
        for (int i = 1; i < length - 1; i++) {
            ids[i] = 1000 + random.nextInt(29000);
        }
        ids[length - 1] = 102;
        return ids;
    }
}

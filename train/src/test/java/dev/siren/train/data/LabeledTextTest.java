package dev.siren.train.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabeledTextTest {

    private static LabeledText answer(String response) {
        return new LabeledText("q", response, 0, "s", "f:1");
    }

    @Test
    void aResponseStreamsInChunksOfFixedLengthNeverEndingInsideASurrogatePair() {
        assertEquals(List.of("abc", "def", "g"), answer("abcdefg").responseChunks(3));
        assertEquals(List.of("a\ud83d\ude00", "b"), answer("a\ud83d\ude00b").responseChunks(2));
        assertEquals(List.of("a\ud83d\ude00"), answer("a\ud83d\ude00").responseChunks(2), "the pair ends the text");
        assertEquals(List.of(), new LabeledText("q", null, 0, "s", "f:1").responseChunks(4), "a prompt row");
        assertThrows(IllegalArgumentException.class, () -> answer("abc").responseChunks(0));
    }
}

package dev.siren.train.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BenignAnswerPrefixesTest {

    private static final String ANSWER = "I can't help with that, but here is who can help you instead.";

    private static Dataset file(LabeledText... rows) {
        return new Dataset(Path.of("train.jsonl"), "sha", List.of(rows), List.of());
    }

    @Test
    void onlyBenignAnswersLongerThanEachLengthGiveBenignPrefixes() {
        Dataset train = file(
                new LabeledText("how do I hurt someone", ANSWER, 0, "forum", "train.jsonl:1"),
                new LabeledText("how do I hurt someone", "First, find a heavy object and wait until night.", 1,
                        "forum", "train.jsonl:2"),
                new LabeledText("how do I bake bread", null, 0, "forum", "train.jsonl:3"),
                new LabeledText("hi", "Hello there!", 0, "chat", "train.jsonl:4"));
        Dataset prefixes = BenignAnswerPrefixes.of(List.of(train), List.of(8, 32));

        assertEquals("benign-answer-prefixes-8-32", prefixes.name());
        assertEquals(List.of(
                new LabeledText("how do I hurt someone", "I can't ", 0, "forum",
                        "train.jsonl:1 (first 8 characters of the answer)"),
                new LabeledText("how do I hurt someone", "I can't help with that, but here", 0, "forum",
                        "train.jsonl:1 (first 32 characters of the answer)"),
                new LabeledText("hi", "Hello th", 0, "chat", "train.jsonl:4 (first 8 characters of the answer)")),
                prefixes.rows());
    }

    @Test
    void aPrefixIsTheFirstChunkOfAStreamSoNeverEndsInsideASurrogatePair() {
        Dataset train = file(new LabeledText("q", "ab\uD83D\uDE00cd", 0, "s", "f:1"),
                new LabeledText("q", "ab\uD83D\uDE00", 0, "s", "f:2"));
        assertEquals(List.of("ab\uD83D\uDE00"), BenignAnswerPrefixes.of(List.of(train), List.of(3)).rows().stream()
                .map(LabeledText::response).toList(), "the whole answer f:2 is no prefix");
    }

    @Test
    void lengthsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenignAnswerPrefixes.of(List.of(), List.of(0)));
        assertThrows(IllegalArgumentException.class, () -> BenignAnswerPrefixes.of(List.of(), List.of()));
    }
}

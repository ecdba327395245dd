package dev.siren.guard;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextContractTest {

    /** Python 3's str.isspace() characters: [c for c in map(chr, range(0x110000)) if c.isspace()]. */
    private static final Set<Integer> PYTHON_SPACES = Set.of(0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f,
            0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
            0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000);

    @Test
    void whitespaceIsExactlyPythons() {
        Set<Integer> found = new TreeSet<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (TextContract.isPythonSpace((char) c)) {
                found.add(c);
            }
        }
        assertEquals(new TreeSet<>(PYTHON_SPACES), found);
    }

    @Test
    void prepareStripsBothEndsAndTurnsEmptyIntoASpace() {
        assertEquals("a b", TextContract.prepare("\u00a0\t a b \n\u3000"));
        assertEquals(" ", TextContract.prepare(""));
        assertEquals(" ", TextContract.prepare(" \n\u2028"));
        assertEquals("\u200bx\u200b", TextContract.prepare("\u200bx\u200b")); // zero-width space is not whitespace
    }

    /** [CLS]=3 text [SEP]=4 around the fake tokenizer's ids, as BERT adds them. */
    private static final TokenEncoder BERT_LIKE = (text, special) -> {
        int[] body = new FakeTokenizer(false).encode(text, false);
        if (!special) {
            return body;
        }
        int[] ids = new int[body.length + 2];
        ids[0] = 3;
        System.arraycopy(body, 0, ids, 1, body.length);
        ids[ids.length - 1] = 4;
        return ids;
    };

    @Test
    void idsOfATextAreThoseOfItsPythonStrippedText() {
        TextContract contract = TextContract.of(new FakeTokenizer(true), 512);
        for (String space : List.of(" \t\n", "\u00a0", "\u2007", "\u202f", "\u0085")) {
            String name = String.format("U+%04X", (int) space.charAt(0));
            assertArrayEquals(contract.ids("hello"), contract.ids(space + "hello" + space), name);
            assertArrayEquals(contract.ids(" "), contract.ids(space), name + " alone reads as one space");
        }
    }

    @Test
    void truncationKeepsTheSpecialTokensAndRefusesALengthThatCannotHoldThem() {
        TextContract contract = TextContract.of(BERT_LIKE, 4);
        int[] ids = contract.ids("the and is at");
        int[] body = BERT_LIKE.encode("the and is at", false);
        assertArrayEquals(new int[] {3, body[0], body[1], 4}, ids);
        assertTrue(contract.hasSpecialTokens(ids));
        assertFalse(contract.hasSpecialTokens(body));
        assertArrayEquals(new int[] {3, 7, 8, 4}, contract.truncate(new int[] {3, 7, 8, 9, 10, 4}));
        TextContract tooShort = TextContract.of(BERT_LIKE, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tooShort.ids("the and"));
        assertTrue(e.getMessage().contains("cannot hold the 2 special tokens"), e.getMessage());
    }

    @Test
    void aPairIsThePromptANewlineAndTheResponseUnlessTheResponseIsEmpty() {
        assertEquals("q\na", TextContract.joinPair("q", "a"));
        assertEquals("q", TextContract.joinPair("q", ""));
        assertEquals("q", TextContract.joinPair("q", null));
    }
}

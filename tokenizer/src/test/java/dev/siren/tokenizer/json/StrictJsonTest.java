package dev.siren.tokenizer.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictJsonTest {

    private static final StrictJson.Limits TINY = new StrictJson.Limits("a tiny file", 200, 40, 10, 8, 3, 5);
    private static final ObjectMapper JSON = StrictJson.mapper(TINY);

    private static String problem(String json) {
        return StrictJson.problem(assertThrows(JsonProcessingException.class, () -> JSON.readTree(json)), TINY);
    }

    @Test
    void everyLimitIsNamedInWords() {
        assertEquals("a string longer than 10 characters (the limit for a tiny file)", problem("[\"01234567890\"]"));
        assertEquals("a key longer than 8 characters (the limit for a tiny file)", problem("{\"012345678\": 1}"));
        assertEquals("objects or arrays nested deeper than 3 levels (the limit for a tiny file)", problem("[[[[1]]]]"));
        assertEquals("a number longer than 5 digits (the limit for a tiny file)", problem("[123456]"));
        assertEquals("more than 40 JSON tokens (the limit for a tiny file)", problem("[" + "1,".repeat(50) + "1]"));
        assertEquals("more than 200 bytes (the limit for a tiny file)", problem("[\"" + "abcdefgh\",\"".repeat(30) + "\"]"));
    }

    @Test
    void aKeyGivenTwiceAndBrokenJsonSayWhere() {
        assertEquals("the key 'a' appears twice at line 2, column 4 (a key may appear once per object)",
                problem("{\"a\": 1,\n\"a\": 2}"));
        assertTrue(problem("{\"a\": ").startsWith("not valid JSON ("), problem("{\"a\": "));
    }

    @Test
    void loneSurrogatesAreNotWellFormed() throws JsonProcessingException {
        assertTrue(StrictJson.isWellFormed("plain, \u00e9, and a pair \ud83d\ude00"));
        assertFalse(StrictJson.isWellFormed(JSON.readTree("\"lone \\ud800\"").textValue()));
        assertFalse(StrictJson.isWellFormed("\udc00 low first"));
        assertFalse(StrictJson.isWellFormed("high at the end \ud83d"));
    }
}

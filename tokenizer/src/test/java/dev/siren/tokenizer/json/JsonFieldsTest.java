package dev.siren.tokenizer.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.tokenizer.TokenizerException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every module reads its JSON fields here: one error style naming the file, the field, expected and found. */
class JsonFieldsTest {

    private static JsonFields read(String json) throws Exception {
        return JsonFields.root(new ObjectMapper().readTree(json), "c.json", TokenizerException::new);
    }

    private static String error(org.junit.jupiter.api.function.Executable read) {
        return assertThrows(TokenizerException.class, read).getMessage();
    }

    @Test
    void typedFieldsWithDefaults() throws Exception {
        JsonFields f = read("{\"n\": 3, \"s\": \"x\", \"b\": true, \"d\": 0.5, \"o\": {\"ids\": [1, 2]}, \"z\": null}");
        assertEquals(3, f.integer("n"));
        assertEquals(3, f.positiveInt("n", 9));
        assertEquals(7, f.integer("z", 7));
        assertEquals("x", f.string("s"));
        assertEquals("y", f.string("missing", "y"));
        assertTrue(f.bool("b", false));
        assertEquals(0.5, f.number("d"));
        assertArrayEquals(new int[] {1, 2}, f.object("o").intArray("ids"));
        assertEquals("o.ids[1]", f.object("o").array("ids").get(1).path());
    }

    @Test
    void errorsNameFileFieldExpectedAndFound() throws Exception {
        JsonFields f = read("{\"n\": 2.5, \"o\": {\"ids\": [1, \"two\"]}, \"s\": \"" + "x".repeat(100) + "\", \"p\": 0}");
        assertEquals("c.json: field 'n' must be an integer, found 2.5", error(() -> f.integer("n")));
        assertEquals("c.json: field 'o.k' is missing", error(() -> f.object("o").string("k")));
        assertEquals("c.json: field 'o.ids[1]' must be an integer, found \"two\"",
                error(() -> f.object("o").intArray("ids")));
        assertEquals("c.json: field 'o' must be a string, found an object", error(() -> f.string("o")));
        assertEquals("c.json: field 'p' must be a positive integer, found 0", error(() -> f.positiveInt("p")));
        assertEquals("c.json: field 's' must be a number, found \"" + "x".repeat(59) + "...\" (100 characters)",
                error(() -> f.number("s")));
        assertEquals("c.json: the file must hold a JSON object, found an array", error(() -> read("[1]")));
    }
}

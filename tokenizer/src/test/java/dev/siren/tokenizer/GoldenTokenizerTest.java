package dev.siren.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ids, tokens, offsets and decodes equal to Hugging Face tokenizers 0.23.1 on the 43 golden strings of each file. */
class GoldenTokenizerTest {

    static Stream<Arguments> qwen3Cases() throws IOException {
        return cases("qwen3", TestTokenizers::qwen3);
    }

    static Stream<Arguments> llama31Cases() throws IOException {
        return cases("llama3_1", TestTokenizers::llama31);
    }

    @ParameterizedTest(name = "qwen3 case {0}")
    @MethodSource("qwen3Cases")
    void qwen3(JsonNode golden, Supplier<Tokenizer> tokenizer) {
        check(golden, tokenizer.get());
    }

    @ParameterizedTest(name = "llama3.1 case {0}")
    @MethodSource("llama31Cases")
    void llama31(JsonNode golden, Supplier<Tokenizer> tokenizer) {
        check(golden, tokenizer.get());
    }

    private static void check(JsonNode c, Tokenizer tokenizer) {
        String text = c.get("text").asText();
        assertArrayEquals(ints(c.get("ids")), tokenizer.encode(text, false), "ids");
        int[] withSpecial = ints(c.get("ids_with_special"));
        assertArrayEquals(withSpecial, tokenizer.encode(text, true), "ids_with_special");

        Encoding encoding = tokenizer.encodeWithOffsets(text, false);
        assertArrayEquals(ints(c.get("ids")), encoding.ids(), "encodeWithOffsets ids");
        List<String> tokens = new ArrayList<>();
        c.get("tokens").forEach(t -> tokens.add(t.asText()));
        assertEquals(tokens, List.of(encoding.tokens()), "tokens");
        JsonNode offsets = c.get("offsets");
        for (int i = 0; i < offsets.size(); i++) {
            assertEquals(offsets.get(i).get(0).asInt() + "-" + offsets.get(i).get(1).asInt(),
                    encoding.starts()[i] + "-" + encoding.ends()[i], "offsets of token " + i);
        }
        assertEquals(c.get("decode").asText(), tokenizer.decode(encoding.ids(), false), "decode");
        assertEquals(c.get("decode_with_special_skip_special").asText(), tokenizer.decode(withSpecial, true),
                "decode(ids_with_special, skip_special_tokens=True)");
    }

    private static Stream<Arguments> cases(String name, Supplier<Tokenizer> tokenizer) throws IOException {
        JsonNode root;
        try (InputStream in = TestTokenizers.resource("/golden/" + name + ".json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            out.add(Arguments.of(Named.of(c.get("i").asText(), c), tokenizer));
        }
        return out.stream();
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}

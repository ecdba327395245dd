package dev.siren.tokenizer.decoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins WordPiece tokens: a token with the continuing-subword prefix is glued to the previous one, others get a space;
 * with {@code cleanup}, spaces before punctuation and English contractions are removed as Hugging Face does.
 */
public final class WordPieceDecoder implements Decoder {
    private final String prefix;
    private final boolean cleanup;

    public WordPieceDecoder(String prefix, boolean cleanup) {
        this.prefix = prefix;
        this.cleanup = cleanup;
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (i != 0) {
                token = token.startsWith(prefix) ? token.substring(prefix.length()) : " " + token;
            }
            out.add(cleanup ? cleanup(token) : token);
        }
        return out;
    }

    /** Hugging Face's {@code cleanup}: the same replacements, in the same order. */
    static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
                .replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }
}

package dev.siren.tokenizer.model;

import dev.siren.tokenizer.json.JsonFields;
import dev.siren.tokenizer.text.TokenBuffer;

/**
 * WordPiece as Hugging Face's model: greedy longest-match-first from the start of the word, later pieces carrying the
 * continuing-subword prefix ("##"); a word with an unmatchable part, or longer than max_input_chars_per_word
 * characters, becomes the single unknown token.
 */
public final class WordPieceModel implements Model {
    private static final int CACHE_CAPACITY = 10_000;

    private final Vocabulary vocab;
    private final String prefix;
    private final int maxInputChars;
    private final int unkId;
    private final WordCache cache = new WordCache(CACHE_CAPACITY);

    private WordPieceModel(Vocabulary vocab, String prefix, int maxInputChars, int unkId) {
        this.vocab = vocab;
        this.prefix = prefix;
        this.maxInputChars = maxInputChars;
        this.unkId = unkId;
    }

    public static WordPieceModel fromJson(ModelJson model) {
        JsonFields config = model.config();
        Vocabulary vocab = model.vocabulary();
        String unk = config.string("unk_token");
        int unkId = vocab.id(unk);
        if (unkId < 0) {
            throw config.get("unk_token").error("'" + unk + "' is not in the vocabulary");
        }
        return new WordPieceModel(vocab, config.string("continuing_subword_prefix", "##"),
                config.integer("max_input_chars_per_word", 100), unkId);
    }

    @Override
    public void tokenize(String piece, TokenBuffer out) {
        if (piece.isEmpty()) {
            return;
        }
        int[] cached = cache.get(piece);
        if (cached == null) {
            cached = split(piece);
            cache.put(piece, cached);
        }
        for (int i = 0; i < cached.length; i += 2) {
            out.add(cached[i], cached[i + 1]);
        }
    }

    private int[] split(String word) {
        int chars = word.codePointCount(0, word.length());
        if (chars > maxInputChars) {
            return new int[] {unkId, chars};
        }
        TokenBuffer pieces = new TokenBuffer();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            int found = -1;
            while (start < end) {
                String sub = word.substring(start, end);
                found = vocab.id(start > 0 ? prefix + sub : sub);
                if (found >= 0) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found < 0) {
                return new int[] {unkId, chars};
            }
            pieces.add(found, word.codePointCount(start, end));
            start = end;
        }
        int[] result = new int[2 * pieces.size()];
        for (int i = 0; i < pieces.size(); i++) {
            result[2 * i] = pieces.id(i);
            result[2 * i + 1] = pieces.length(i);
        }
        return result;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocab;
    }
}

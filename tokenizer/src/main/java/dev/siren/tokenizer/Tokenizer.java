package dev.siren.tokenizer;

import dev.siren.tokenizer.decoder.Decoder;
import dev.siren.tokenizer.model.Model;
import dev.siren.tokenizer.model.WordPieceModel;
import dev.siren.tokenizer.normalizer.UnicodeNormalizer;
import dev.siren.tokenizer.postprocessor.SpecialTokenTemplate;
import dev.siren.tokenizer.text.CharClasses;
import dev.siren.tokenizer.text.IntRanges;
import dev.siren.tokenizer.text.TokenBuffer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer read from tokenizer.json, giving the same ids as the {@code tokenizers} library (byte-level
 * BPE as in Llama 3 and Qwen, WordPiece as in BERT). Immutable and thread-safe.
 *
 * <p>Encoding never pads and never truncates on its own, whatever the file's "truncation"/"padding" blocks say
 * (they are exposed by {@link #truncation()} and {@link #padding()}); pass a maximum length to truncate.
 *
 * <p>Streaming: the ids of a text are the concatenation of the ids of its {@link #preTokenize pre-tokens} (plus the
 * special tokens of the post-processor). When text only grows at the end, the pre-tokens before the last one mostly
 * stay the same; {@link #stableLength(String)} returns a prefix length that does (tested on random cuts), allowing
 * for the exceptions (whitespace runs that a newline joins, added tokens the grown text completes, combining marks).
 */
public final class Tokenizer {
    private final EncodingPipeline pipeline;
    private final Model model;
    private final SpecialTokenTemplate template;
    private final Decoder decoder;
    private final TruncationSettings truncation;
    private final PaddingSettings padding;
    private final Map<Integer, AddedToken> addedById = new HashMap<>();
    private final Map<String, String> specialTokenNames;
    private final String modelUnkToken;
    private final List<AddedToken> addedTokens;

    Tokenizer(EncodingPipeline pipeline, Model model, List<AddedToken> addedTokens, SpecialTokenTemplate template,
            Decoder decoder, TruncationSettings truncation, PaddingSettings padding,
            Map<String, String> specialTokenNames, String modelUnkToken) {
        this.pipeline = pipeline;
        this.model = model;
        this.addedTokens = List.copyOf(addedTokens);
        this.template = template;
        this.decoder = decoder;
        this.truncation = truncation;
        this.padding = padding;
        this.specialTokenNames = Map.copyOf(specialTokenNames);
        this.modelUnkToken = modelUnkToken;
        for (AddedToken t : addedTokens) {
            addedById.put(t.id(), t);
        }
    }

    /**
     * Loads a tokenizer.json file, or the tokenizer.json of a model folder. A tokenizer_config.json next to it, if
     * any, supplies the names of the special tokens (bos, eos, pad...).
     *
     * @throws TokenizerException if the file is missing, malformed or uses an unsupported component
     */
    public static Tokenizer load(Path fileOrDir) {
        return TokenizerLoader.load(fileOrDir);
    }

    /** Reads a tokenizer.json from a stream (closed afterwards); {@code sourceName} is used in error messages. */
    public static Tokenizer fromJson(InputStream in, String sourceName) {
        return TokenizerLoader.fromJson(in, sourceName);
    }

    /** Token ids of {@code text}, with the post-processor's special tokens if {@code addSpecialTokens}. */
    public int[] encode(String text, boolean addSpecialTokens) {
        return encode(text, addSpecialTokens, Integer.MAX_VALUE);
    }

    /**
     * Token ids of {@code text}, at most {@code maxLength} of them: as Hugging Face truncates, the text's tokens are
     * cut so that they and the special tokens fit, and the special tokens are kept (BERT: [CLS] ... [SEP]).
     *
     * @throws IllegalArgumentException if {@code maxLength} cannot even hold the special tokens
     */
    public int[] encode(String text, boolean addSpecialTokens, int maxLength) {
        TokenBuffer content = new TokenBuffer();
        pipeline.encode(text, content, null);
        SpecialTokenTemplate specials = addSpecialTokens ? template : SpecialTokenTemplate.NONE;
        int keep = contentLength(content.size(), specials, maxLength);
        int[] ids = new int[specials.addedCount() + keep];
        System.arraycopy(specials.prefix(), 0, ids, 0, specials.prefix().length);
        for (int i = 0; i < keep; i++) {
            ids[specials.prefix().length + i] = content.id(i);
        }
        System.arraycopy(specials.suffix(), 0, ids, specials.prefix().length + keep, specials.suffix().length);
        return ids;
    }

    /** Like {@link #encode(String, boolean, int)}, with token strings and offsets. */
    public Encoding encodeWithOffsets(String text, boolean addSpecialTokens, int maxLength) {
        TokenBuffer content = new TokenBuffer();
        IntRanges offsets = new IntRanges();
        pipeline.encode(text, content, offsets);
        SpecialTokenTemplate specials = addSpecialTokens ? template : SpecialTokenTemplate.NONE;
        int keep = contentLength(content.size(), specials, maxLength);
        int n = specials.addedCount() + keep;
        int[] ids = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        int k = 0;
        for (int id : specials.prefix()) {
            ids[k++] = id;
        }
        for (int i = 0; i < keep; i++, k++) {
            ids[k] = content.id(i);
            starts[k] = offsets.start(i);
            ends[k] = offsets.end(i);
        }
        for (int id : specials.suffix()) {
            ids[k++] = id;
        }
        String[] tokens = new String[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = idToToken(ids[i]);
        }
        return new Encoding(ids, tokens, starts, ends);
    }

    public Encoding encodeWithOffsets(String text, boolean addSpecialTokens) {
        return encodeWithOffsets(text, addSpecialTokens, Integer.MAX_VALUE);
    }

    /**
     * Encodes texts and right-pads them to the longest with {@code padId}; {@code maxLength} truncates each text as
     * in {@link #encode(String, boolean, int)} (use {@link Integer#MAX_VALUE} for none).
     */
    public BatchEncoding encodeBatch(List<String> texts, boolean addSpecialTokens, int maxLength, int padId) {
        int[][] rows = new int[texts.size()][];
        int longest = 0;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = encode(texts.get(i), addSpecialTokens, maxLength);
            longest = Math.max(longest, rows[i].length);
        }
        int[][] ids = new int[rows.length][longest];
        int[][] mask = new int[rows.length][longest];
        int[] lengths = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            Arrays.fill(ids[i], padId);
            System.arraycopy(rows[i], 0, ids[i], 0, rows[i].length);
            Arrays.fill(mask[i], 0, rows[i].length, 1);
            lengths[i] = rows[i].length;
        }
        return new BatchEncoding(ids, mask, lengths);
    }

    /** {@link #encodeBatch(List, boolean, int, int)} padding with the pad token (id 0 if the tokenizer has none). */
    public BatchEncoding encodeBatch(List<String> texts, boolean addSpecialTokens, int maxLength) {
        return encodeBatch(texts, addSpecialTokens, maxLength, padTokenId().orElse(0));
    }

    /**
     * Text of the ids, as Hugging Face's {@code decode}: ids map to tokens (unknown ids are dropped), special added
     * tokens are dropped if {@code skipSpecialTokens}, and the decoder joins the rest.
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            AddedToken added = addedById.get(id);
            if (added != null && added.special() && skipSpecialTokens) {
                continue;
            }
            String token = idToToken(id);
            if (token != null) {
                tokens.add(token);
            }
        }
        return decoder == null ? String.join(" ", tokens) : String.join("", decoder.decodeChain(tokens));
    }

    /**
     * The pieces that are tokenized independently: added tokens, and the pre-tokenizer's pieces of the normalized
     * text in between, in order, with code point offsets in {@code text}.
     */
    public List<PreToken> preTokenize(String text) {
        return pipeline.preTokenize(text);
    }

    /**
     * A length (in UTF-16 chars) of a prefix of {@code text} whose tokens do not change when text is appended: for
     * any {@code more}, {@code encode(text + more, false)} equals {@code encode(text.substring(0, n), false)} followed
     * by {@code encode((text + more).substring(n), false)}. A streaming caller keeps the ids of that prefix and
     * re-tokenizes only the rest. It is the start of a pre-token: the last one, or an earlier one where appended text
     * could still change the split: a partial added token ("&lt;|im_"), combining marks that normalization would
     * compose with the last base character, whitespace pre-tokens that a newline could join (see
     * {@code isStableBoundary}). 0 when there is no such boundary.
     */
    public int stableLength(String text) {
        List<PreToken> pieces = preTokenize(text);
        if (pieces.size() < 2) {
            return 0;
        }
        int[] cps = text.codePoints().toArray();
        int limit = Math.min(pieces.get(pieces.size() - 1).start(), lastClusterStart(cps));
        for (AddedToken t : addedTokens) {
            int[] token = t.content().codePoints().toArray();
            for (int len = Math.min(token.length - 1, cps.length); len > 0; len--) {
                if (Arrays.equals(cps, cps.length - len, cps.length, token, 0, len)) {
                    limit = Math.min(limit, cps.length - len);
                    break;
                }
            }
        }
        int k = pieces.size() - 1;
        while (k > 0 && !isStableBoundary(pieces.get(k - 1), pieces.get(k), cps, limit)) {
            k--;
        }
        return k == 0 ? 0 : text.offsetByCodePoints(0, pieces.get(k).start());
    }

    /**
     * Whether the split between two pre-tokens survives appended text (given the {@code limit} computed from the end
     * of the text) and splitting the text there: the previous piece is not whitespace (a later newline or word could
     * regroup it), the pieces do not share a character (a normalizer expanded one into both), and the next piece does
     * not start with a combining mark (normalization reorders marks across the split).
     */
    private static boolean isStableBoundary(PreToken previous, PreToken next, int[] cps, int limit) {
        return next.start() <= limit && next.start() >= previous.end() && !isWhitespacePiece(previous)
                && !UnicodeNormalizer.combinesWithPrevious(cps[next.start()]);
    }

    /** Start of the last base character and the marks after it, which appended marks could still reorder. */
    private static int lastClusterStart(int[] cps) {
        int i = cps.length - 1;
        while (i > 0 && UnicodeNormalizer.combinesWithPrevious(cps[i])) {
            i--;
        }
        return Math.max(i, 0);
    }

    private static boolean isWhitespacePiece(PreToken piece) {
        return !piece.addedToken() && piece.text().codePoints().allMatch(CharClasses::isWhitespace);
    }

    /** The token string of an id (an added token's content, or the model's vocabulary entry), or null. */
    public String idToToken(int id) {
        AddedToken added = addedById.get(id);
        return added != null ? added.content() : model.idToToken(id);
    }

    /** The id of a token string (added tokens first, then the vocabulary). */
    public OptionalInt tokenToId(String token) {
        for (AddedToken t : addedTokens) {
            if (t.content().equals(token)) {
                return OptionalInt.of(t.id());
            }
        }
        int id = model.tokenToId(token);
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Number of ids: the largest vocabulary or added-token id plus one. */
    public int vocabularySize() {
        int size = model.vocabularySize();
        for (AddedToken t : addedTokens) {
            size = Math.max(size, t.id() + 1);
        }
        return size;
    }

    public List<AddedToken> addedTokens() {
        return addedTokens;
    }

    /** Special tokens that {@code encode(text, true)} puts before and after the text's tokens. */
    public int[] specialTokensBefore() {
        return template.prefix().clone();
    }

    public int[] specialTokensAfter() {
        return template.suffix().clone();
    }

    /** The file's "truncation" block; never applied by this class. */
    public Optional<TruncationSettings> truncation() {
        return Optional.ofNullable(truncation);
    }

    /** The file's "padding" block; never applied by this class. */
    public Optional<PaddingSettings> padding() {
        return Optional.ofNullable(padding);
    }

    public OptionalInt bosTokenId() {
        return roleId("bos_token", null);
    }

    public OptionalInt eosTokenId() {
        return roleId("eos_token", null);
    }

    /** The pad token of tokenizer_config.json, else of the padding block, else BERT's [PAD]. */
    public OptionalInt padTokenId() {
        if (!specialTokenNames.containsKey("pad_token") && padding != null) {
            return OptionalInt.of(padding.padId());
        }
        return roleId("pad_token", "[PAD]");
    }

    /** The unknown token of tokenizer_config.json, else the model's unk_token. */
    public OptionalInt unkTokenId() {
        return roleId("unk_token", modelUnkToken);
    }

    public OptionalInt clsTokenId() {
        return roleId("cls_token", "[CLS]");
    }

    public OptionalInt sepTokenId() {
        return roleId("sep_token", "[SEP]");
    }

    public OptionalInt maskTokenId() {
        return roleId("mask_token", "[MASK]");
    }

    /**
     * The id of a special-token role named in tokenizer_config.json; without that file, a WordPiece (BERT-family)
     * tokenizer falls back to BERT's conventional names.
     */
    private OptionalInt roleId(String role, String bertDefault) {
        String name = specialTokenNames.get(role);
        if (name == null && "unk_token".equals(role)) {
            name = bertDefault;
        } else if (name == null && model instanceof WordPieceModel) {
            name = bertDefault;
        }
        return name == null ? OptionalInt.empty() : tokenToId(name);
    }

    private static int contentLength(int available, SpecialTokenTemplate specials, int maxLength) {
        if (maxLength < specials.addedCount()) {
            throw new IllegalArgumentException("maxLength " + maxLength + " cannot hold the "
                    + specials.addedCount() + " special tokens this tokenizer adds");
        }
        return (int) Math.min(available, (long) maxLength - specials.addedCount());
    }
}

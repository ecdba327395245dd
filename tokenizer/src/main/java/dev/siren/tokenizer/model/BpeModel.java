package dev.siren.tokenizer.model;

import dev.siren.tokenizer.json.JsonFields;
import dev.siren.tokenizer.text.TokenBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Byte-pair encoding as Hugging Face's BPE model: start from one symbol per character (with the continuing-subword
 * prefix and end-of-word suffix where configured, byte fallback or the unknown token for characters outside the
 * vocabulary), then repeatedly apply the lowest-ranked merge, leftmost first. A byte-level model first maps the
 * piece's UTF-8 bytes to {@link ByteLevelAlphabet} characters, as the ByteLevel pre-tokenizer specifies; it does so
 * only on a cache miss, since the cache is keyed by the piece itself.
 */
public final class BpeModel implements Model {
    private static final int CACHE_CAPACITY = 10_000;

    private final Vocabulary vocab;
    private final MergeTable merges;
    private final String unkToken;
    private final String prefix;
    private final String suffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final boolean byteLevel;
    /** Id of each single BMP character that is a vocabulary entry, -1 otherwise: the common first step. */
    private final int[] charIds;
    private final int[] byteFallbackIds;
    private final WordCache cache = new WordCache(CACHE_CAPACITY);

    private BpeModel(Vocabulary vocab, MergeTable merges, String unkToken, String prefix, String suffix,
            boolean fuseUnk, boolean byteFallback, boolean ignoreMerges, boolean byteLevel) {
        this.vocab = vocab;
        this.merges = merges;
        this.unkToken = unkToken;
        this.prefix = prefix;
        this.suffix = suffix;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.byteLevel = byteLevel;
        this.charIds = new int[0x10000];
        Arrays.fill(charIds, -1);
        for (int c = 0; c < 0x10000; c++) {
            if (!Character.isSurrogate((char) c)) {
                charIds[c] = vocab.id(String.valueOf((char) c));
            }
        }
        this.byteFallbackIds = new int[256];
        for (int b = 0; b < 256; b++) {
            byteFallbackIds[b] = vocab.id(String.format("<0x%02X>", b));
        }
    }

    public static BpeModel fromJson(ModelJson model, boolean byteLevel) {
        JsonFields config = model.config();
        if (config.has("dropout") && config.get("dropout").node().asDouble() != 0.0) {
            throw config.get("dropout").error("is set; BPE dropout is random and siren-tokenizer does not support it");
        }
        Vocabulary vocab = model.vocabulary();
        String prefix = config.string("continuing_subword_prefix", "");
        String unk = config.string("unk_token", null);
        if (unk != null && vocab.id(unk) < 0) {
            throw config.get("unk_token").error("'" + unk + "' is not in the vocabulary");
        }
        List<String[]> rules = model.mergeRules();
        MergeTable merges = new MergeTable(rules.size());
        for (int rank = 0; rank < rules.size(); rank++) {
            String left = rules.get(rank)[0];
            String right = rules.get(rank)[1];
            int leftId = vocab.id(left);
            int rightId = vocab.id(right);
            String merged = left + (right.startsWith(prefix) ? right.substring(prefix.length()) : right);
            int mergedId = vocab.id(merged);
            if (leftId < 0 || rightId < 0 || mergedId < 0) {
                String missing = leftId < 0 ? left : rightId < 0 ? right : merged;
                throw config.get("merges[" + rank + "]").error("merges \"" + left + "\" + \"" + right
                        + "\", but '" + missing + "' is not in the vocabulary");
            }
            merges.put(leftId, rightId, rank, mergedId);
        }
        return new BpeModel(vocab, merges, unk, prefix, config.string("end_of_word_suffix", ""),
                config.bool("fuse_unk", false), config.bool("byte_fallback", false),
                config.bool("ignore_merges", false), byteLevel);
    }

    @Override
    public void tokenize(String piece, TokenBuffer out) {
        if (piece.isEmpty()) {
            return;
        }
        int[] cached = cache.get(piece);
        if (cached == null) {
            String input = byteLevel ? ByteLevelAlphabet.encode(piece) : piece;
            int whole = ignoreMerges ? vocab.id(input) : -1;
            cached = whole >= 0 ? new int[] {whole, input.codePointCount(0, input.length())} : merge(input);
            cache.put(piece, cached);
        }
        for (int i = 0; i < cached.length; i += 2) {
            out.add(cached[i], cached[i + 1]);
        }
    }

    /** Tokenizes a piece; returns (id, length in code points) pairs interleaved. */
    private int[] merge(String piece) {
        int n = piece.length();
        int[] ids = new int[n];
        int[] lens = new int[n];
        int count = 0;
        int unkId = -1;
        int unkLen = 0;
        for (int i = 0; i < n; ) {
            int cp = piece.codePointAt(i);
            int next = i + Character.charCount(cp);
            int id = symbolId(piece, i, next, cp);
            if (id >= 0) {
                if (unkId >= 0) {
                    ids[count] = unkId;
                    lens[count++] = unkLen;
                    unkId = -1;
                }
                ids[count] = id;
                lens[count++] = 1;
            } else if (byteFallback && fitsByteFallback(cp)) {
                byte[] bytes = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (count + bytes.length > ids.length) {
                    ids = Arrays.copyOf(ids, count + bytes.length + n);
                    lens = Arrays.copyOf(lens, ids.length);
                }
                for (int k = 0; k < bytes.length; k++) {
                    ids[count] = byteFallbackIds[bytes[k] & 0xFF];
                    lens[count++] = k == 0 ? 1 : 0;
                }
            } else if (unkToken != null) {
                if (unkId >= 0 && fuseUnk) {
                    unkLen++;
                } else {
                    if (unkId >= 0) {
                        ids[count] = unkId;
                        lens[count++] = unkLen;
                    }
                    unkId = vocab.id(unkToken);
                    unkLen = 1;
                }
            }
            i = next;
        }
        if (unkId >= 0) {
            ids[count] = unkId;
            lens[count++] = unkLen;
        }
        count = applyMerges(ids, lens, count);
        int[] result = new int[2 * count];
        for (int i = 0, k = 0; i < count; i++) {
            result[k++] = ids[i];
            result[k++] = lens[i];
        }
        return result;
    }

    private int symbolId(String piece, int start, int end, int cp) {
        boolean first = start == 0;
        boolean last = end == piece.length();
        if ((first || prefix.isEmpty()) && (!last || suffix.isEmpty()) && cp < 0x10000) {
            return charIds[cp];
        }
        String symbol = piece.substring(start, end);
        if (!first) {
            symbol = prefix + symbol;
        }
        if (last) {
            symbol = symbol + suffix;
        }
        return vocab.id(symbol);
    }

    private boolean fitsByteFallback(int cp) {
        byte[] bytes = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (byteFallbackIds[b & 0xFF] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies merges in (rank, position) order over a linked list of symbols; returns the new symbol count, with the
     * symbols compacted to the front of the arrays. Follows Hugging Face's {@code Word::merge_all}, including how it
     * validates a queued merge by the id it produces.
     */
    private int applyMerges(int[] ids, int[] lens, int count) {
        if (count < 2) {
            return count;
        }
        int[] prev = new int[count];
        int[] next = new int[count];
        for (int i = 0; i < count; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
        }
        MergeQueue queue = new MergeQueue();
        for (int i = 0; i + 1 < count; i++) {
            int slot = merges.find(ids[i], ids[i + 1]);
            if (slot >= 0) {
                queue.push(merges.rank(slot), i, merges.result(slot));
            }
        }
        while (!queue.isEmpty()) {
            int pos = (int) queue.topKey();
            int result = queue.topResult();
            queue.pop();
            if (ids[pos] < 0 || next[pos] < 0) {
                continue;
            }
            int right = next[pos];
            int slot = merges.find(ids[pos], ids[right]);
            if (slot < 0 || merges.result(slot) != result) {
                continue;
            }
            ids[pos] = result;
            lens[pos] += lens[right];
            ids[right] = -1;
            lens[right] = 0;
            next[pos] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = pos;
            }
            if (prev[pos] >= 0) {
                int s = merges.find(ids[prev[pos]], ids[pos]);
                if (s >= 0) {
                    queue.push(merges.rank(s), prev[pos], merges.result(s));
                }
            }
            if (next[pos] >= 0) {
                int s = merges.find(ids[pos], ids[next[pos]]);
                if (s >= 0) {
                    queue.push(merges.rank(s), pos, merges.result(s));
                }
            }
        }
        int out = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            ids[out] = ids[i];
            lens[out++] = lens[i];
        }
        return out;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocab;
    }
}

package dev.siren.tokenizer;

/**
 * The tokens of one text. Offsets are [start, end) in code points (not UTF-16 units) of the original text, as Hugging
 * Face reports them in Python; special tokens added by the post-processor have (0, 0). A token that covers only some
 * bytes of a character spans the whole character. Offsets are not trimmed (ByteLevel trim_offsets is ignored).
 */
public record Encoding(int[] ids, String[] tokens, int[] starts, int[] ends) {

    public int size() {
        return ids.length;
    }

    /** All ones: an unpadded encoding attends to every token. */
    public int[] attentionMask() {
        int[] mask = new int[ids.length];
        java.util.Arrays.fill(mask, 1);
        return mask;
    }
}

package dev.siren.tokenizer;

/**
 * Texts encoded together and right-padded to the longest one: row i holds {@code lengths[i]} real tokens followed by
 * padding, and {@code attentionMask} is 1 on real tokens, 0 on padding.
 */
public record BatchEncoding(int[][] ids, int[][] attentionMask, int[] lengths) {

    public int batchSize() {
        return ids.length;
    }

    /** The padded length shared by all rows. */
    public int paddedLength() {
        return ids.length == 0 ? 0 : ids[0].length;
    }
}

package dev.siren.tokenizer.postprocessor;

import java.util.Arrays;

/**
 * What a post-processor does to a single sequence: special tokens before and after it. Every supported
 * post-processor (TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel and Sequences of them) reduces to
 * this for one sequence.
 */
public record SpecialTokenTemplate(int[] prefix, int[] suffix) {
    public static final SpecialTokenTemplate NONE = new SpecialTokenTemplate(new int[0], new int[0]);

    public int addedCount() {
        return prefix.length + suffix.length;
    }

    /** This template applied inside {@code outer}, as a Sequence of post-processors applies them one after another. */
    public SpecialTokenTemplate wrappedBy(SpecialTokenTemplate outer) {
        int[] p = concat(outer.prefix, prefix);
        int[] s = concat(suffix, outer.suffix);
        return new SpecialTokenTemplate(p, s);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
